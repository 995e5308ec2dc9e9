import type { RequestRecord } from '../../core/request-record.js';
import type { RequestLogQuery, RequestLogStore, UsageGroupBy, UsageQuery, UsageRow } from '../ports.js';

function matches(record: RequestRecord, query: RequestLogQuery): boolean {
  if (query.keyId !== undefined && record.keyId !== query.keyId) return false;
  if (query.model !== undefined && record.requestedModel !== query.model && record.deploymentModel !== query.model) return false;
  if (query.status === 'success' && record.status >= 400) return false;
  if (query.status === 'error' && record.status < 400) return false;
  if (typeof query.status === 'number' && record.status !== query.status) return false;
  if (query.from !== undefined && record.createdAt < query.from) return false;
  if (query.to !== undefined && record.createdAt > query.to) return false;
  return true;
}

function groupOf(record: RequestRecord, groupBy: UsageGroupBy): string | null {
  switch (groupBy) {
    case 'key': return record.keyId ?? null;
    case 'team': return record.teamId ?? null;
    case 'user': return record.userId ?? null;
    case 'model': return record.requestedModel ?? null;
    case 'provider': return record.provider ?? null;
    case 'day': return new Date(record.createdAt).toISOString().slice(0, 10);
  }
}

// SQLite's order: nulls first, then the UTF-8 bytes (its BINARY collation), which differs
// from JavaScript's UTF-16 `<` for characters beyond U+FFFF.
export function compareGroups(left: string | null, right: string | null): number {
  if (left === right) return 0;
  if (left === null) return -1;
  if (right === null) return 1;
  return Buffer.compare(Buffer.from(left), Buffer.from(right));
}

/** The request log in memory: tests and ephemeral runs. */
export class MemoryRequestLogStore implements RequestLogStore {
  readonly #records = new Map<string, RequestRecord>();

  async append(records: readonly RequestRecord[]): Promise<void> {
    for (const record of records) {
      if (!this.#records.has(record.requestId)) this.#records.set(record.requestId, structuredClone(record));
    }
  }

  async query(query: RequestLogQuery): Promise<RequestRecord[]> {
    return [...this.#records.values()]
      .filter((record) => matches(record, query))
      .sort((left, right) => right.createdAt - left.createdAt || (right.requestId < left.requestId ? -1 : 1))
      .slice(0, query.limit)
      // Lists leave payloads out, as the SQLite store does; `get` has them.
      .map(({ payload: _payload, ...record }) => structuredClone(record));
  }

  async usage(query: UsageQuery): Promise<UsageRow[]> {
    const groups = new Map<string | null, UsageRow>();
    for (const record of this.#records.values()) {
      if (query.from !== undefined && record.createdAt < query.from) continue;
      if (query.to !== undefined && record.createdAt > query.to) continue;
      const group = groupOf(record, query.groupBy);
      let row = groups.get(group);
      if (row === undefined) {
        row = { group, requests: 0, inputTokens: 0, outputTokens: 0, costMicros: 0, unknownCost: 0 };
        groups.set(group, row);
      }
      row.requests += 1;
      row.inputTokens += record.inputTokens ?? 0;
      row.outputTokens += record.outputTokens ?? 0;
      if (record.costMicros === undefined) row.unknownCost += 1;
      else row.costMicros += record.costMicros;
    }
    const byDay = query.groupBy === 'day';
    return [...groups.values()].sort((left, right) => (byDay ? 0 : right.costMicros - left.costMicros) || compareGroups(left.group, right.group));
  }

  async get(requestId: string): Promise<RequestRecord | undefined> {
    const found = this.#records.get(requestId);
    return found && structuredClone(found);
  }

  async deleteBefore(before: number): Promise<number> {
    let deleted = 0;
    for (const [id, record] of this.#records) {
      if (record.createdAt < before) {
        this.#records.delete(id);
        deleted += 1;
      }
    }
    return deleted;
  }

  /** Every stored record, unordered and uncopied: for the in-memory analytics, which only read. */
  records(): Iterable<RequestRecord> {
    return this.#records.values();
  }

  async close(): Promise<void> {}
}
