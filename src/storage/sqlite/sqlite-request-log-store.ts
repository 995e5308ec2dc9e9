import type { RequestRecord } from '../../core/request-record.js';
import type { RequestLogQuery, RequestLogStore } from '../ports.js';
import type { SqliteDatabase } from './open-sqlite-database.js';

interface Row {
  request_id: string;
  created_at: number;
  endpoint: string;
  key_id: string | null;
  requested_model: string | null;
  provider: string | null;
  deployment_model: string | null;
  status: number;
  error_kind: string | null;
  error_message: string | null;
  latency_ms: number;
  ttfb_ms: number | null;
  input_tokens: number | null;
  output_tokens: number | null;
  cached_tokens: number | null;
  reasoning_tokens: number | null;
  cost_micros: number | null;
  cost_flags: string;
  attempts: number;
  attempts_detail: string;
  cache: string;
  stream: number;
  client_ip: string | null;
  tags: string;
  trace_id: string | null;
  warnings: string;
}

const COLUMNS = [
  'request_id', 'created_at', 'endpoint', 'key_id', 'requested_model', 'provider', 'deployment_model', 'status',
  'error_kind', 'error_message', 'latency_ms', 'ttfb_ms', 'input_tokens', 'output_tokens', 'cached_tokens',
  'reasoning_tokens', 'cost_micros', 'cost_flags', 'attempts', 'attempts_detail', 'cache', 'stream', 'client_ip',
  'tags', 'trace_id', 'warnings',
] as const;

function toRow(record: RequestRecord): Row {
  return {
    request_id: record.requestId,
    created_at: record.createdAt,
    endpoint: record.endpoint,
    key_id: record.keyId ?? null,
    requested_model: record.requestedModel ?? null,
    provider: record.provider ?? null,
    deployment_model: record.deploymentModel ?? null,
    status: record.status,
    error_kind: record.errorKind ?? null,
    error_message: record.errorMessage ?? null,
    latency_ms: record.latencyMs,
    ttfb_ms: record.ttfbMs ?? null,
    input_tokens: record.inputTokens ?? null,
    output_tokens: record.outputTokens ?? null,
    cached_tokens: record.cachedTokens ?? null,
    reasoning_tokens: record.reasoningTokens ?? null,
    cost_micros: record.costMicros ?? null,
    cost_flags: JSON.stringify(record.costFlags),
    attempts: record.attempts.length,
    attempts_detail: JSON.stringify(record.attempts),
    cache: record.cache,
    stream: record.stream ? 1 : 0,
    client_ip: record.clientIp ?? null,
    tags: JSON.stringify(record.tags),
    trace_id: record.traceId ?? null,
    warnings: JSON.stringify(record.warnings),
  };
}

function fromRow(row: Row): RequestRecord {
  return {
    requestId: row.request_id,
    createdAt: row.created_at,
    endpoint: row.endpoint,
    keyId: row.key_id ?? undefined,
    requestedModel: row.requested_model ?? undefined,
    provider: row.provider ?? undefined,
    deploymentModel: row.deployment_model ?? undefined,
    status: row.status,
    errorKind: row.error_kind ?? undefined,
    errorMessage: row.error_message ?? undefined,
    latencyMs: row.latency_ms,
    ttfbMs: row.ttfb_ms ?? undefined,
    inputTokens: row.input_tokens ?? undefined,
    outputTokens: row.output_tokens ?? undefined,
    cachedTokens: row.cached_tokens ?? undefined,
    reasoningTokens: row.reasoning_tokens ?? undefined,
    costMicros: row.cost_micros ?? undefined,
    costFlags: JSON.parse(row.cost_flags) as string[],
    attempts: JSON.parse(row.attempts_detail) as RequestRecord['attempts'],
    cache: row.cache as RequestRecord['cache'],
    stream: row.stream === 1,
    clientIp: row.client_ip ?? undefined,
    tags: JSON.parse(row.tags) as string[],
    traceId: row.trace_id ?? undefined,
    warnings: JSON.parse(row.warnings) as string[],
  };
}

/** The request log in SQLite; one transaction per batch. */
export class SqliteRequestLogStore implements RequestLogStore {
  readonly #database: SqliteDatabase;
  readonly #insertBatch: (rows: Row[]) => void;

  constructor(database: SqliteDatabase) {
    this.#database = database;
    // OR IGNORE: a batch retried after a crash mid-commit must not fail on rows already in.
    const insert = database.prepare(`INSERT OR IGNORE INTO request_log (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map((name) => `@${name}`).join(', ')})`);
    this.#insertBatch = database.transaction((rows: Row[]) => {
      for (const row of rows) insert.run(row);
    });
  }

  async append(records: readonly RequestRecord[]): Promise<void> {
    this.#insertBatch(records.map(toRow));
  }

  async query(query: RequestLogQuery): Promise<RequestRecord[]> {
    const where: string[] = [];
    const parameters: Record<string, string | number> = { limit: query.limit };
    if (query.keyId !== undefined) {
      where.push('key_id = @keyId');
      parameters.keyId = query.keyId;
    }
    if (query.model !== undefined) {
      where.push('(requested_model = @model OR deployment_model = @model)');
      parameters.model = query.model;
    }
    if (query.status === 'success') where.push('status < 400');
    else if (query.status === 'error') where.push('status >= 400');
    else if (query.status !== undefined) {
      where.push('status = @status');
      parameters.status = query.status;
    }
    if (query.from !== undefined) {
      where.push('created_at >= @from');
      parameters.from = query.from;
    }
    if (query.to !== undefined) {
      where.push('created_at <= @to');
      parameters.to = query.to;
    }
    const sql = `SELECT * FROM request_log ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at DESC, request_id DESC LIMIT @limit`;
    return (this.#database.prepare(sql).all(parameters) as Row[]).map(fromRow);
  }

  async get(requestId: string): Promise<RequestRecord | undefined> {
    const row = this.#database.prepare('SELECT * FROM request_log WHERE request_id = ?').get(requestId) as Row | undefined;
    return row && fromRow(row);
  }

  async close(): Promise<void> {
    if (this.#database.open) this.#database.close();
  }
}
