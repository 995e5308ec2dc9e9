import type Database from 'better-sqlite3';
import type { AnalyticsGroupBy, LatencyQuery, LatencyRow, RequestAnalyticsStore, TimeBucket, UsageSeriesQuery, UsageSeriesRow } from '../ports.js';
import type { SqliteDatabase } from './open-sqlite-database.js';

// Fixed SQL per grouping: never built from caller input.
const GROUP_COLUMN: Record<AnalyticsGroupBy, string> = {
  key: 'key_id',
  team: 'team_id',
  user: 'user_id',
  model: 'requested_model',
  provider: 'provider',
};

const BUCKET_MS: Record<TimeBucket, number> = { hour: 3_600_000, day: 86_400_000 };

// Epoch ms has no leap seconds, so UTC hours and days are plain multiples of their length.
// SQLite's % keeps the dividend's sign: the double modulo floors times before 1970 too.
const bucketStart = (size: number) => `created_at - ((created_at % ${size}) + ${size}) % ${size}`;

// Latency has optional bounds; these stand in for "open" and still let the index on
// created_at drive the scan. Admin times never pass 8.64e15 (the range of a Date).
const EARLIEST = Number.MIN_SAFE_INTEGER;
const LATEST = Number.MAX_SAFE_INTEGER;

type Statement = Database.Statement<[{ from: number; to: number }]>;

interface SeriesResultRow {
  bucket_start: number;
  grp: string | null;
  requests: number;
  errors: number;
  input_tokens: number;
  output_tokens: number;
  cached_tokens: number;
  cost: number;
  unknown_cost: number;
}

interface LatencyResultRow {
  grp: string | null;
  requests: number;
  errors: number;
  p50: number;
  p90: number;
  p95: number;
  p99: number;
  ttfb_p50: number | null;
  ttfb_p95: number | null;
}

function usageSeriesSql(bucket: TimeBucket, groupBy: AnalyticsGroupBy | undefined): string {
  const group = groupBy === undefined ? 'NULL' : GROUP_COLUMN[groupBy];
  return `SELECT ${bucketStart(BUCKET_MS[bucket])} AS bucket_start, ${group} AS grp, count(*) AS requests,
      sum(status >= 400) AS errors, coalesce(sum(input_tokens), 0) AS input_tokens,
      coalesce(sum(output_tokens), 0) AS output_tokens, coalesce(sum(cached_tokens), 0) AS cached_tokens,
      coalesce(sum(cost_micros), 0) AS cost, count(*) - count(cost_micros) AS unknown_cost
    FROM request_log WHERE created_at >= @from AND created_at <= @to
    GROUP BY bucket_start, grp ORDER BY bucket_start, grp`;
}

// Nearest rank of percentile p among n values: ceil(p * n / 100), in integer arithmetic.
const rank = (p: number, count: string) => `(${p} * ${count} + 99) / 100`;

/**
 * Ranks each group's rows by latency (and, among the rows that have one, by ttfb) with
 * window functions, then keeps the value at each nearest rank: SQLite sorts, and one row
 * per group comes back.
 */
function latencySql(groupBy: 'model' | 'provider'): string {
  const group = GROUP_COLUMN[groupBy];
  const pick = (column: string, rankColumn: string, p: number, count: string) => `max(CASE WHEN ${rankColumn} = ${rank(p, count)} THEN ${column} END)`;
  return `WITH ranked AS (
      SELECT ${group} AS grp, status, latency_ms, ttfb_ms,
        row_number() OVER (PARTITION BY ${group} ORDER BY latency_ms) AS latency_rank,
        count(*) OVER (PARTITION BY ${group}) AS n,
        row_number() OVER (PARTITION BY ${group}, ttfb_ms IS NULL ORDER BY ttfb_ms) AS ttfb_rank,
        count(ttfb_ms) OVER (PARTITION BY ${group}) AS ttfb_n
      FROM request_log WHERE created_at >= @from AND created_at <= @to
    )
    SELECT grp, count(*) AS requests, sum(status >= 400) AS errors,
      ${pick('latency_ms', 'latency_rank', 50, 'n')} AS p50, ${pick('latency_ms', 'latency_rank', 90, 'n')} AS p90,
      ${pick('latency_ms', 'latency_rank', 95, 'n')} AS p95, ${pick('latency_ms', 'latency_rank', 99, 'n')} AS p99,
      max(CASE WHEN ttfb_ms IS NOT NULL AND ttfb_rank = ${rank(50, 'ttfb_n')} THEN ttfb_ms END) AS ttfb_p50,
      max(CASE WHEN ttfb_ms IS NOT NULL AND ttfb_rank = ${rank(95, 'ttfb_n')} THEN ttfb_ms END) AS ttfb_p95
    FROM ranked GROUP BY grp ORDER BY grp`;
}

/** Usage over time and latency percentiles, aggregated inside SQLite over the request_log table. */
export class SqliteRequestAnalytics implements RequestAnalyticsStore {
  readonly #series = new Map<string, Statement>();
  readonly #latency: Record<'model' | 'provider', Statement>;

  constructor(database: SqliteDatabase) {
    for (const bucket of ['hour', 'day'] as const) {
      for (const groupBy of [undefined, 'key', 'team', 'user', 'model', 'provider'] as const) {
        this.#series.set(`${bucket}:${groupBy ?? ''}`, database.prepare(usageSeriesSql(bucket, groupBy)));
      }
    }
    this.#latency = { model: database.prepare(latencySql('model')), provider: database.prepare(latencySql('provider')) };
  }

  async usageSeries(query: UsageSeriesQuery): Promise<UsageSeriesRow[]> {
    const statement = this.#series.get(`${query.bucket}:${query.groupBy ?? ''}`)!;
    const rows = statement.all({ from: query.from, to: query.to }) as SeriesResultRow[];
    return rows.map((row) => ({
      bucketStart: row.bucket_start,
      group: row.grp,
      requests: row.requests,
      errors: row.errors,
      inputTokens: row.input_tokens,
      outputTokens: row.output_tokens,
      cachedTokens: row.cached_tokens,
      costMicros: row.cost,
      unknownCost: row.unknown_cost,
    }));
  }

  async latency(query: LatencyQuery): Promise<LatencyRow[]> {
    const rows = this.#latency[query.groupBy].all({ from: query.from ?? EARLIEST, to: query.to ?? LATEST }) as LatencyResultRow[];
    return rows.map((row) => ({
      group: row.grp,
      requests: row.requests,
      errors: row.errors,
      latencyMs: { p50: row.p50, p90: row.p90, p95: row.p95, p99: row.p99 },
      ttfbMs: row.ttfb_p50 === null || row.ttfb_p95 === null ? undefined : { p50: row.ttfb_p50, p95: row.ttfb_p95 },
    }));
  }
}
