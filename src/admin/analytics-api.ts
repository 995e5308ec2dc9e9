import { GatewayError } from '../core/errors.js';
import type { AnalyticsGroupBy, RequestAnalyticsStore, RequestLogStore, TimeBucket, UsageRow, UsageSeriesRow } from '../storage/ports.js';
import type { AdminResponse } from './admin-request.js';
import type { LatencyReport } from './contract/latency-report.js';
import type { SpendForecastEntry, SpendForecastReport } from './contract/spend-forecast-report.js';
import type { TopSpendersReport } from './contract/top-spenders-report.js';
import type { UsageSeriesEntry, UsageSeriesReport } from './contract/usage-series-report.js';
import { encodeCsv } from './encode-csv.js';
import type { CsvCell } from './encode-csv.js';
import { forecastMonthEnd } from './forecast-month-end.js';
import { parseAdminTime } from './parse-admin-time.js';

/** The stores the analytics routes read. */
export interface AnalyticsStores {
  requestLog: RequestLogStore;
  analytics: RequestAnalyticsStore;
}

const HOUR = 3_600_000;
const DAY = 86_400_000;
const BUCKET_MS: Record<TimeBucket, number> = { hour: HOUR, day: DAY };
const DEFAULT_SPAN: Record<TimeBucket, number> = { hour: DAY, day: 30 * DAY };
const MAX_BUCKETS = 10_000;
const CSV = 'text/csv; charset=utf-8';
const ANALYTICS_GROUPS = ['key', 'team', 'user', 'model', 'provider'] as const;
const SPENDER_GROUPS = ['key', 'team', 'user'] as const;

function parseChoice<T extends string>(name: string, value: string | null, choices: readonly T[], fallback?: T): T {
  if ((value === null || value === '') && fallback !== undefined) return fallback;
  const found = choices.find((choice) => choice === value);
  if (found === undefined) throw new GatewayError('GW_INVALID_REQUEST', `${name}: expected one of ${choices.join(', ')}`, { param: name });
  return found;
}

function invalid(param: string, reason: string): GatewayError {
  return new GatewayError('GW_INVALID_REQUEST', `${param}: ${reason}`, { param });
}

/** `from`/`to` as given (open when absent), refusing an inverted range. */
function parseOpenRange(query: URLSearchParams): { from: number | undefined; to: number | undefined } {
  const from = parseAdminTime('from', query.get('from'));
  const to = parseAdminTime('to', query.get('to'));
  if (from !== undefined && to !== undefined && from > to) throw invalid('from', 'must not be after to');
  return { from, to };
}

/** `from`/`to` with defaults: `to` is now, `from` is `span` before `to`. */
function parseClosedRange(query: URLSearchParams, now: number, span: number): { from: number; to: number } {
  const range = parseOpenRange(query);
  const to = range.to ?? now;
  if (range.from !== undefined && range.from > to) throw invalid('from', 'must not be after to');
  return { from: range.from ?? to - span, to };
}

const usd = (micros: number) => micros / 1_000_000;
const iso = (time: number) => new Date(time).toISOString();
const isoOrNull = (time: number | undefined) => (time === undefined ? null : iso(time));

// Exact decimal text for finance: micros / 1e6 as a float can print 0.30000000000000004.
const usdText = (micros: number) => `${Math.trunc(micros / 1_000_000)}.${String(micros % 1_000_000).padStart(6, '0')}`;

async function usageSeries(query: URLSearchParams, analytics: RequestAnalyticsStore, now: number): Promise<AdminResponse> {
  const bucket = parseChoice<TimeBucket>('bucket', query.get('bucket'), ['hour', 'day'], 'day');
  const groupBy = query.get('group_by') ? parseChoice<AnalyticsGroupBy>('group_by', query.get('group_by'), ANALYTICS_GROUPS) : undefined;
  const format = parseChoice('format', query.get('format'), ['json', 'csv'], 'json');
  const { from, to } = parseClosedRange(query, now, DEFAULT_SPAN[bucket]);
  const size = BUCKET_MS[bucket];
  if (Math.floor(to / size) - Math.floor(from / size) + 1 > MAX_BUCKETS) throw invalid('from', `the range spans more than ${MAX_BUCKETS} ${bucket} buckets`);
  const rows = await analytics.usageSeries({ bucket, groupBy, from, to });
  if (format === 'csv') {
    const header: CsvCell[] = ['bucket_start', ...(groupBy ? ['group'] : []), 'requests', 'errors', 'input_tokens', 'output_tokens', 'cached_tokens', 'cost_usd', 'cost_unknown_requests'];
    const lines = rows.map((row): CsvCell[] => [
      iso(row.bucketStart), ...(groupBy ? [row.group] : []), row.requests, row.errors, row.inputTokens, row.outputTokens, row.cachedTokens, usdText(row.costMicros), row.unknownCost,
    ]);
    return { status: 200, body: encodeCsv([header, ...lines]), contentType: CSV };
  }
  const encode = (row: UsageSeriesRow): UsageSeriesEntry => ({
    bucket_start: iso(row.bucketStart),
    ...(groupBy ? { [groupBy]: row.group } : {}),
    requests: row.requests,
    errors: row.errors,
    input_tokens: row.inputTokens,
    output_tokens: row.outputTokens,
    cached_tokens: row.cachedTokens,
    cost_usd: usd(row.costMicros),
    cost_unknown_requests: row.unknownCost,
  });
  const body: UsageSeriesReport = { object: 'list', bucket, group_by: groupBy ?? null, from: iso(from), to: iso(to), data: rows.map(encode) };
  return { status: 200, body };
}

async function latency(query: URLSearchParams, analytics: RequestAnalyticsStore, now: number): Promise<AdminResponse> {
  const groupBy = parseChoice('group_by', query.get('group_by'), ['model', 'provider'] as const);
  const { from, to } = parseClosedRange(query, now, DAY);
  const rows = await analytics.latency({ groupBy, from, to });
  const body: LatencyReport = {
    object: 'list',
    group_by: groupBy,
    from: iso(from),
    to: iso(to),
    data: rows.map((row) => ({
      [groupBy]: row.group,
      requests: row.requests,
      errors: row.errors,
      error_rate: row.errors / row.requests,
      latency_ms: row.latencyMs,
      ttfb_ms: row.ttfbMs ?? null,
    })),
  };
  return { status: 200, body };
}

function parseLimit(value: string | null): number {
  if (value === null || value === '') return 10;
  const limit = /^\d{1,4}$/.test(value) ? Number(value) : Number.NaN;
  if (!(limit >= 1 && limit <= 1000)) throw invalid('limit', 'expected an integer from 1 to 1000');
  return limit;
}

const usageEntry = (row: UsageRow) => ({
  requests: row.requests,
  input_tokens: row.inputTokens,
  output_tokens: row.outputTokens,
  cost_usd: usd(row.costMicros),
  cost_unknown_requests: row.unknownCost,
});

async function topSpenders(query: URLSearchParams, requestLog: RequestLogStore): Promise<AdminResponse> {
  const by = parseChoice('by', query.get('by'), SPENDER_GROUPS);
  const limit = parseLimit(query.get('limit'));
  const { from, to } = parseOpenRange(query);
  const rows = await requestLog.usage({ groupBy: by, from, to });
  const data = rows.filter((row) => row.group !== null).slice(0, limit).map((row) => ({ [by]: row.group, ...usageEntry(row) }));
  const body: TopSpendersReport = { object: 'list', by, limit, from: isoOrNull(from), to: isoOrNull(to), data };
  return { status: 200, body };
}

async function chargeback(query: URLSearchParams, requestLog: RequestLogStore): Promise<AdminResponse> {
  const groupBy = parseChoice('group_by', query.get('group_by'), SPENDER_GROUPS);
  const { from, to } = parseOpenRange(query);
  const rows = await requestLog.usage({ groupBy, from, to });
  const header: CsvCell[] = ['group', 'requests', 'input_tokens', 'output_tokens', 'cost_usd', 'cost_unknown_requests'];
  // Requests without a team (or key, user) stay in as an empty group: the file sums to the whole bill.
  const lines = rows.map((row): CsvCell[] => [row.group, row.requests, row.inputTokens, row.outputTokens, usdText(row.costMicros), row.unknownCost]);
  return { status: 200, body: encodeCsv([header, ...lines]), contentType: CSV };
}

/** The UTC month `YYYY-MM` as [start, end) epoch ms; the month containing `now` when absent. */
function parseMonth(value: string | null, now: number): { name: string; start: number; end: number } {
  const today = new Date(now);
  let [year, month] = [today.getUTCFullYear(), today.getUTCMonth() + 1];
  if (value !== null && value !== '') {
    const match = /^(\d{4})-(\d{2})$/.exec(value);
    // Date.UTC reads years 0-99 as 1900-1999; nothing was logged before 1970 anyway.
    if (!match || Number(match[1]) < 1970 || Number(match[2]) < 1 || Number(match[2]) > 12) throw invalid('month', 'expected a UTC month as YYYY-MM, from 1970-01');
    [year, month] = [Number(match[1]), Number(match[2])];
  }
  const start = Date.UTC(year, month - 1, 1);
  if (start > now) throw invalid('month', 'must not be after the current month');
  return { name: `${year}-${String(month).padStart(2, '0')}`, start, end: Date.UTC(year, month, 1) };
}

function compareGroups(left: string | null, right: string | null): number {
  if (left === right) return 0;
  if (left === null) return -1;
  if (right === null) return 1;
  return Buffer.compare(Buffer.from(left), Buffer.from(right));
}

async function forecast(query: URLSearchParams, analytics: RequestAnalyticsStore, now: number): Promise<AdminResponse> {
  const by = parseChoice('by', query.get('by'), ['team', 'key'] as const);
  const month = parseMonth(query.get('month'), now);
  const asOf = Math.min(now, month.end - 1);
  const daysInMonth = (month.end - month.start) / DAY;
  const elapsedDays = Math.min(now - month.start, month.end - month.start) / DAY;
  const rows = await analytics.usageSeries({ bucket: 'day', groupBy: by, from: month.start, to: asOf });
  const groups = new Map<string | null, { daily: number[]; unknown: number }>();
  for (const row of rows) {
    let entry = groups.get(row.group);
    if (entry === undefined) {
      entry = { daily: Array<number>(Math.floor((asOf - month.start) / DAY) + 1).fill(0), unknown: 0 };
      groups.set(row.group, entry);
    }
    entry.daily[(row.bucketStart - month.start) / DAY] = row.costMicros;
    entry.unknown += row.unknownCost;
  }
  const data = [...groups].map(([group, { daily, unknown }]) => {
    const result = forecastMonthEnd({ dailySpendMicros: daily, daysInMonth, elapsedDays });
    const entry: SpendForecastEntry = {
      [by]: group,
      spent_usd: usd(result.spentMicros),
      cost_unknown_requests: unknown,
      projected_month_end_usd: usd(result.projectedMicros),
      daily_trend_usd: usd(result.dailyTrendMicros),
      days_elapsed: Math.round(elapsedDays * 1000) / 1000,
      days_in_month: daysInMonth,
      method: result.method,
    };
    return { group, projected: result.projectedMicros, entry };
  });
  data.sort((left, right) => right.projected - left.projected || compareGroups(left.group, right.group));
  const body: SpendForecastReport = { object: 'list', by, month: month.name, as_of: iso(asOf), data: data.map(({ entry }) => entry) };
  return { status: 200, body };
}

/**
 * `GET /admin/analytics/{usage,latency,top-spenders,forecast,chargeback.csv}`: usage and
 * cost over time, latency percentiles, top spenders, the month-end forecast and the
 * chargeback CSV. `subpath` is the part after `/admin/analytics/`. The caller flushes
 * queued log rows first, so a request just answered is counted.
 */
export async function handleAnalytics(subpath: string, query: URLSearchParams, stores: AnalyticsStores, now: () => number): Promise<AdminResponse> {
  const route = subpath.replace(/^\/+/, '');
  switch (route) {
    case 'usage': return usageSeries(query, stores.analytics, now());
    case 'latency': return latency(query, stores.analytics, now());
    case 'top-spenders': return topSpenders(query, stores.requestLog);
    case 'forecast': return forecast(query, stores.analytics, now());
    case 'chargeback.csv': return chargeback(query, stores.requestLog);
    default: throw new GatewayError('GW_ROUTE_NOT_FOUND', `Unknown admin route /admin/analytics/${route}.`);
  }
}
