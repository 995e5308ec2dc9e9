import type { RequestRecord } from '../../core/request-record.js';
import type { AnalyticsGroupBy, LatencyQuery, LatencyRow, RequestAnalyticsStore, TimeBucket, UsageSeriesQuery, UsageSeriesRow } from '../ports.js';
import { compareGroups } from './memory-request-log-store.js';

const BUCKET_MS: Record<TimeBucket, number> = { hour: 3_600_000, day: 86_400_000 };

function groupOf(record: RequestRecord, groupBy: AnalyticsGroupBy | undefined): string | null {
  switch (groupBy) {
    case undefined: return null;
    case 'key': return record.keyId ?? null;
    case 'team': return record.teamId ?? null;
    case 'user': return record.userId ?? null;
    case 'model': return record.requestedModel ?? null;
    case 'provider': return record.provider ?? null;
  }
}

/** The nearest-rank percentile of ascending values: the value at rank ceil(p * n / 100). */
function nearestRank(sorted: readonly number[], p: number): number {
  return sorted[Math.floor((p * sorted.length + 99) / 100) - 1]!;
}

const ascending = (left: number, right: number) => left - right;

interface LatencyGroup {
  requests: number;
  errors: number;
  latencies: number[];
  ttfbs: number[];
}

/** Analytics over the in-memory request log: one pass over its records per query. */
export class MemoryRequestAnalytics implements RequestAnalyticsStore {
  readonly #records: () => Iterable<RequestRecord>;

  constructor(records: () => Iterable<RequestRecord>) {
    this.#records = records;
  }

  async usageSeries(query: UsageSeriesQuery): Promise<UsageSeriesRow[]> {
    const size = BUCKET_MS[query.bucket];
    const buckets = new Map<number, Map<string | null, UsageSeriesRow>>();
    for (const record of this.#records()) {
      if (record.createdAt < query.from || record.createdAt > query.to) continue;
      const bucketStart = Math.floor(record.createdAt / size) * size;
      const group = groupOf(record, query.groupBy);
      let groups = buckets.get(bucketStart);
      if (groups === undefined) {
        groups = new Map();
        buckets.set(bucketStart, groups);
      }
      let row = groups.get(group);
      if (row === undefined) {
        row = { bucketStart, group, requests: 0, errors: 0, inputTokens: 0, outputTokens: 0, cachedTokens: 0, costMicros: 0, unknownCost: 0 };
        groups.set(group, row);
      }
      row.requests += 1;
      if (record.status >= 400) row.errors += 1;
      row.inputTokens += record.inputTokens ?? 0;
      row.outputTokens += record.outputTokens ?? 0;
      row.cachedTokens += record.cachedTokens ?? 0;
      if (record.costMicros === undefined) row.unknownCost += 1;
      else row.costMicros += record.costMicros;
    }
    return [...buckets.values()]
      .flatMap((groups) => [...groups.values()])
      .sort((left, right) => left.bucketStart - right.bucketStart || compareGroups(left.group, right.group));
  }

  async latency(query: LatencyQuery): Promise<LatencyRow[]> {
    const groups = new Map<string | null, LatencyGroup>();
    for (const record of this.#records()) {
      if (query.from !== undefined && record.createdAt < query.from) continue;
      if (query.to !== undefined && record.createdAt > query.to) continue;
      const group = groupOf(record, query.groupBy);
      let entry = groups.get(group);
      if (entry === undefined) {
        entry = { requests: 0, errors: 0, latencies: [], ttfbs: [] };
        groups.set(group, entry);
      }
      entry.requests += 1;
      if (record.status >= 400) entry.errors += 1;
      entry.latencies.push(record.latencyMs);
      if (record.ttfbMs !== undefined) entry.ttfbs.push(record.ttfbMs);
    }
    return [...groups.entries()]
      .sort(([left], [right]) => compareGroups(left, right))
      .map(([group, { requests, errors, latencies, ttfbs }]) => {
        latencies.sort(ascending);
        ttfbs.sort(ascending);
        return {
          group,
          requests,
          errors,
          latencyMs: { p50: nearestRank(latencies, 50), p90: nearestRank(latencies, 90), p95: nearestRank(latencies, 95), p99: nearestRank(latencies, 99) },
          ttfbMs: ttfbs.length === 0 ? undefined : { p50: nearestRank(ttfbs, 50), p95: nearestRank(ttfbs, 95) },
        };
      });
  }
}
