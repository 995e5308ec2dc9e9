import type { KeyRecord, TeamRecord, UserRecord } from '../core/access-policy.js';
import type { AuditEntry, AuditEntryInput } from '../core/audit-entry.js';
import type { RequestRecord } from '../core/request-record.js';

/** Filters for reading the request log. Times are epoch ms, inclusive. */
export interface RequestLogQuery {
  /** At most this many rows, newest first. */
  limit: number;
  keyId?: string;
  /** Matches the requested model name or the deployment model. */
  model?: string;
  /** An HTTP status, or `success` (< 400) / `error` (>= 400). */
  status?: number | 'success' | 'error';
  from?: number;
  to?: number;
}

/** What the request log's usage is grouped by (`GET /admin/usage?group_by=`). */
export type UsageGroupBy = 'key' | 'team' | 'user' | 'model' | 'provider' | 'day';

/** The request log summed per group. Times are epoch ms, inclusive. */
export interface UsageQuery {
  /**
   * `key`: key id; `team`, `user`: the caller's team and user; `model`: the model name
   * the caller sent; `provider`: the connection that answered or was last tried; `day`:
   * the UTC date (`YYYY-MM-DD`) the request arrived.
   */
  groupBy: UsageGroupBy;
  from?: number;
  to?: number;
}

/** One group's totals. Unknown tokens and cost count as 0 in the sums. */
export interface UsageRow {
  /** The group's value; null for requests without one (e.g. no team, no provider reached). */
  group: string | null;
  requests: number;
  inputTokens: number;
  outputTokens: number;
  /** Integer micro-dollars, over the requests whose cost is known. */
  costMicros: number;
  /** Requests whose cost is unknown (not in `costMicros`), so a sum is never mistaken for complete. */
  unknownCost: number;
}

/**
 * The request log: one row per data-plane request. Writes come in batches from the
 * log writer, never from the request path.
 */
export interface RequestLogStore {
  append(records: readonly RequestRecord[]): Promise<void>;
  query(query: RequestLogQuery): Promise<RequestRecord[]>;
  get(requestId: string): Promise<RequestRecord | undefined>;
  /**
   * Totals per group over the requests in the time range: highest cost first, then by
   * group (nulls first); by day, oldest day first.
   */
  usage(query: UsageQuery): Promise<UsageRow[]>;
  /**
   * Deletes the rows (and their payloads) of requests that arrived before `before`
   * (epoch ms); returns how many rows went. The retention job calls it.
   */
  deleteBefore(before: number): Promise<number>;
  close(): Promise<void>;
}

/** Time buckets for usage over time, in UTC. */
export type TimeBucket = 'hour' | 'day';

/** What analytics group by; `model` is the model name the caller sent. */
export type AnalyticsGroupBy = 'key' | 'team' | 'user' | 'model' | 'provider';

/** Usage per time bucket, optionally split by group. Times are epoch ms, inclusive. */
export interface UsageSeriesQuery {
  bucket: TimeBucket;
  groupBy?: AnalyticsGroupBy;
  from: number;
  to: number;
}

/** One bucket's (and group's) totals; buckets without requests are absent. */
export interface UsageSeriesRow {
  /** Epoch ms at the bucket's start (UTC hour or day). */
  bucketStart: number;
  /** The group's value (null when the request had none); null everywhere when not grouped. */
  group: string | null;
  requests: number;
  /** Requests answered with status >= 400. */
  errors: number;
  inputTokens: number;
  outputTokens: number;
  cachedTokens: number;
  /** Integer micro-dollars over the requests whose cost is known. */
  costMicros: number;
  unknownCost: number;
}

/** Latency percentiles and error rates per model or provider over a time range. */
export interface LatencyQuery {
  groupBy: 'model' | 'provider';
  from?: number;
  to?: number;
}

/** Percentiles are nearest-rank over the group's requests (ms). */
export interface LatencyRow {
  group: string | null;
  requests: number;
  /** Requests answered with status >= 400. */
  errors: number;
  latencyMs: { p50: number; p90: number; p95: number; p99: number };
  /** Over the requests whose first byte time is known; undefined when none is. */
  ttfbMs: { p50: number; p95: number } | undefined;
}

/**
 * Read-only aggregates over the request log for dashboards and finance. Rows are ordered
 * by bucket then group (nulls first); latency rows by group (nulls first).
 */
export interface RequestAnalyticsStore {
  usageSeries(query: UsageSeriesQuery): Promise<UsageSeriesRow[]>;
  latency(query: LatencyQuery): Promise<LatencyRow[]>;
}

/** One item waiting in the log-export queue. */
export interface QueuedExport {
  /** Increasing position in the queue. */
  seq: number;
  /** The item as it will be shipped (one request-log row as JSON text). */
  item: string;
}

/**
 * The durable, bounded queue of request-log rows waiting to be shipped to the export
 * sink. Items survive a restart; when adding would pass `maxItems`, the oldest are
 * dropped to make room, and the number dropped is returned.
 */
export interface LogExportQueue {
  enqueue(items: readonly string[], maxItems: number): Promise<number>;
  /** The oldest `limit` items, oldest first; they stay queued until acknowledged. */
  peek(limit: number): Promise<QueuedExport[]>;
  /** Removes every item with `seq <= throughSeq`. */
  acknowledge(throughSeq: number): Promise<void>;
  size(): Promise<number>;
}

/** Filters for `GET /admin/audit`. Times are epoch ms, inclusive. */
export interface AuditQuery {
  /** At most this many entries, newest first. */
  limit: number;
  /** Only entries before this position (paging backwards). */
  beforeSeq?: number;
  actor?: string;
  action?: string;
  targetId?: string;
  from?: number;
  to?: number;
}

/**
 * The hash-chained audit log of admin actions. `append` is atomic across instances
 * sharing the store: it reads the head and writes the next entry in one transaction.
 */
export interface AuditLogStore {
  append(entry: AuditEntryInput): Promise<AuditEntry>;
  list(query: AuditQuery): Promise<AuditEntry[]>;
  /** Entries with `seq > afterSeq` in chain order, at most `limit`: for verifying the chain. */
  scan(afterSeq: number, limit: number): Promise<AuditEntry[]>;
}

/**
 * A Responses API answer kept for `previous_response_id` and `GET /v1/responses/{id}`.
 * Written once when the answer completes; never updated.
 */
export interface StoredResponse {
  /** The `resp_...` id the caller saw. */
  id: string;
  /** Epoch ms. */
  createdAt: number;
  /** The key that created it; only that key (or an admin) may read or continue it. */
  keyId: string | undefined;
  /**
   * Where the conversation state lives: `gateway` (the canonical messages below), or the
   * provider connection name when the turn was passed through to a provider that keeps
   * its own state (OpenAI), so the next turn can be passed through there too.
   */
  origin: string;
  /** The whole conversation up to and including this answer, canonical messages as JSON. */
  messagesJson: string;
  /** The Response object as returned to the caller, JSON. */
  responseJson: string;
}

export interface ResponseStore {
  put(response: StoredResponse): Promise<void>;
  get(id: string): Promise<StoredResponse | undefined>;
  /** True when it existed. */
  delete(id: string): Promise<boolean>;
}

/** One table of identity records, keyed by `id`. */
export interface RecordTable<T extends { id: string }> {
  get(id: string): Promise<T | undefined>;
  /** Every record matching the filter (fields equal), oldest first, at most `limit`. */
  list(filter: Partial<Pick<T, Extract<keyof T, 'teamId' | 'userId'>>>, limit: number, offset: number): Promise<T[]>;
  /** Inserts or replaces the record with its id. */
  put(record: T): Promise<void>;
  /** True when it existed. */
  delete(id: string): Promise<boolean>;
}

/** Keys, teams and users (CONTRACT.md section 4). Lookups are cached in memory by auth/. */
export interface IdentityStore {
  keys: RecordTable<KeyRecord> & {
    /** The key with this secret hash, revoked or not. */
    findByHash(hash: string): Promise<KeyRecord | undefined>;
  };
  teams: RecordTable<TeamRecord>;
  users: RecordTable<UserRecord>;
}

/** Every store the gateway uses; app.ts picks the backend for each. */
export interface Storage {
  requestLog: RequestLogStore;
  analytics: RequestAnalyticsStore;
  logExport: LogExportQueue;
  audit: AuditLogStore;
  responses: ResponseStore;
  identities: IdentityStore;
  close(): Promise<void>;
}

/** One counter a request is checked against, e.g. `rpm:key:key_123` with its limit. */
export interface CounterScope {
  key: string;
  limit: number;
}

/** The verdict on a fixed-window admission. */
export interface WindowAdmission {
  admitted: boolean;
  /** Per scope, in the order given: the count in the current window after this call. */
  counts: number[];
  /** Index of the first scope that refused, when not admitted. */
  blockedScope?: number;
  /** Epoch ms at which the current window ends (all scopes share the window). */
  windowEndsAt: number;
}

/** The verdict on a budget reservation, with each scope's standing. */
export interface BudgetAdmission {
  reserved: boolean;
  /** Index of the first scope whose budget the amount did not fit, when not reserved. */
  blockedScope?: number;
  /** Per scope: micro-dollars spent (settled) in its current period, reservations excluded. */
  spentMicros: number[];
}

/**
 * Counters for rate limits, concurrency and budgets (issue #5). Every method is atomic
 * across all the scopes it is given: either every scope is charged or none is, so a key,
 * its user and its team never disagree. In memory for one instance; Redis (Lua scripts)
 * for several. Money is integer micro-dollars; times are epoch ms from the caller.
 */
export interface LimitStore {
  /**
   * Fixed windows of `windowMs` aligned to the epoch: adds `amount` to every scope's
   * counter for the window containing `now` when each stays within its limit; otherwise
   * changes nothing.
   */
  admitWindow(scopes: readonly CounterScope[], amount: number, windowMs: number, now: number): Promise<WindowAdmission>;
  /** Adds `delta` (may be negative) to counters of the window that contains `at`: usage reconciled after the answer. */
  adjustWindow(keys: readonly string[], delta: number, windowMs: number, at: number): Promise<void>;
  /**
   * Takes one concurrency slot in every scope when each has a free one. A slot is a lease
   * that expires at `leaseUntil` unless released, so a crashed instance frees its slots.
   */
  acquireSlots(scopes: readonly CounterScope[], leaseId: string, leaseUntil: number, now: number): Promise<boolean>;
  releaseSlots(keys: readonly string[], leaseId: string): Promise<void>;
  /**
   * Reserves `amountMicros` in every scope when, for each, spent + reserved + amount stays
   * within its limit. `periodKey` names the budget period (e.g. `2026-11`), part of the
   * counter's identity, so a new period starts from zero. The amount is recorded under
   * `reservation.id` (reserving again under an id adds to it and renews its lease). Every
   * call first drops the scopes' reservations whose `leaseUntil` is before `reservation.now`,
   * so one that a crashed instance never settled stops counting; `readBudget` shows
   * reservations as of the last such sweep.
   */
  reserveBudget(
    scopes: readonly CounterScope[],
    periodKeys: readonly string[],
    amountMicros: number,
    periodEndsAt: readonly number[],
    reservation: { id: string; leaseUntil: number; now: number },
  ): Promise<BudgetAdmission>;
  /**
   * Releases the reservation recorded under `reservationId` in each scope, and adds
   * `actualMicros` to each scope's spent; returns spent per scope after the call. An id
   * that is unknown, already settled or already dropped for its lease releases nothing,
   * and the spend is still added.
   */
  settleBudget(keys: readonly string[], periodKeys: readonly string[], reservationId: string, actualMicros: number): Promise<number[]>;
  /** Micro-dollars spent and reserved now in one scope's period. */
  readBudget(key: string, periodKey: string): Promise<{ spentMicros: number; reservedMicros: number }>;
  /**
   * True for the first caller only (across instances) until `expiresAt` (epoch ms, may be
   * Infinity): an alert that must fire once per budget period.
   */
  claimOnce(key: string, expiresAt: number): Promise<boolean>;
  close(): Promise<void>;
}

/** Fan-out of invalidations (a key revoked, a team changed) to every gateway instance. */
export interface EventBus {
  publish(channel: string, message: string): Promise<void>;
  /** Calls `handler` for each message on `channel`, this instance's own included. */
  subscribe(channel: string, handler: (message: string) => void): Promise<void>;
  close(): Promise<void>;
}
