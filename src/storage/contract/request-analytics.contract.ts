import { afterEach, describe, expect, it } from 'vitest';
import type { RequestRecord } from '../../core/request-record.js';
import type { AnalyticsGroupBy, LatencyRow, RequestAnalyticsStore, RequestLogStore, TimeBucket, UsageSeriesRow } from '../ports.js';
import { makeRecord } from './request-log-store.contract.js';

const at = (day: number, hour: number, minute = 0, second = 0, ms = 0) => Date.UTC(2026, 0, day, hour, minute, second, ms);
const HOUR = 3_600_000;
const DAY = 86_400_000;

// Unknown tokens and cost, a known zero cost, errors (400, 429, 500), callers without a
// key or team, a request that reached no provider, and rows either side of an hour's end.
const records = [
  makeRecord({ requestId: 'a', createdAt: at(1, 10, 5), keyId: 'k1', teamId: 't1', userId: 'u1', requestedModel: 'smart', provider: 'openai', inputTokens: 10, outputTokens: 5, cachedTokens: 4, costMicros: 100 }),
  makeRecord({ requestId: 'b', createdAt: at(1, 10, 59, 59, 999), keyId: 'k1', teamId: 't1', userId: 'u2', requestedModel: 'cheap', provider: 'groq', status: 500, inputTokens: 20, outputTokens: undefined, costMicros: undefined, costFlags: ['usage-unknown'] }),
  makeRecord({ requestId: 'c', createdAt: at(1, 11), keyId: 'k2', requestedModel: 'smart', provider: 'openai', inputTokens: undefined, outputTokens: 7, cachedTokens: 2, costMicros: 300 }),
  makeRecord({ requestId: 'd', createdAt: at(2, 0), keyId: undefined, teamId: 't2', userId: 'u3', requestedModel: undefined, provider: undefined, deploymentModel: undefined, status: 400, inputTokens: undefined, outputTokens: undefined, costMicros: undefined, attempts: [] }),
  makeRecord({ requestId: 'e', createdAt: at(2, 5, 30), keyId: 'k2', teamId: 't2', userId: 'u3', requestedModel: 'cheap', provider: 'groq', status: 429, inputTokens: 1, outputTokens: 1, costMicros: 0 }),
];

type Totals = [requests: number, errors: number, inputTokens: number, outputTokens: number, cachedTokens: number, costMicros: number, unknownCost: number];

function row(bucketStart: number, group: string | null, [requests, errors, inputTokens, outputTokens, cachedTokens, costMicros, unknownCost]: Totals): UsageSeriesRow {
  return { bucketStart, group, requests, errors, inputTokens, outputTokens, cachedTokens, costMicros, unknownCost };
}

// A deterministic spread of requests over three days: the sums are checked against plain
// arithmetic over the very records appended.
function generatedRecords(count: number): RequestRecord[] {
  // mulberry32: small, seeded, and well spread even in its low bits.
  let seed = 7;
  const next = (bound: number) => {
    seed = (seed + 0x6d2b79f5) | 0;
    let mixed = Math.imul(seed ^ (seed >>> 15), seed | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return Math.floor((((mixed ^ (mixed >>> 14)) >>> 0) / 4_294_967_296) * bound);
  };
  const pick = <T>(values: readonly T[]) => values[next(values.length)]!;
  return Array.from({ length: count }, (_, index) => {
    const costKnown = next(5) !== 0;
    return makeRecord({
      requestId: `g${index}`,
      createdAt: at(1, 0) + next(3 * DAY),
      keyId: pick(['k1', 'k2', 'k3', undefined]),
      teamId: pick(['t1', 't2', undefined]),
      userId: pick(['u1', 'u2', 'u3', undefined]),
      requestedModel: pick(['smart', 'cheap', undefined]),
      provider: pick(['openai', 'groq', 'anthropic', undefined]),
      status: pick([200, 200, 200, 400, 429, 502]),
      latencyMs: next(5000) / 4,
      ttfbMs: next(3) === 0 ? undefined : next(800),
      inputTokens: next(4) === 0 ? undefined : next(1000),
      outputTokens: next(4) === 0 ? undefined : next(500),
      cachedTokens: next(2) === 0 ? undefined : next(100),
      costMicros: costKnown ? next(10_000) : undefined,
    });
  });
}

const GROUPS: Record<AnalyticsGroupBy, (record: RequestRecord) => string | null> = {
  key: (record) => record.keyId ?? null,
  team: (record) => record.teamId ?? null,
  user: (record) => record.userId ?? null,
  model: (record) => record.requestedModel ?? null,
  provider: (record) => record.provider ?? null,
};

const sum = (values: readonly (number | undefined)[]) => values.reduce<number>((total, value) => total + (value ?? 0), 0);

/** The series computed directly: for each bucket and group present, sums over its records. */
function expectedSeries(all: readonly RequestRecord[], bucket: TimeBucket, groupBy: AnalyticsGroupBy | undefined): UsageSeriesRow[] {
  const size = bucket === 'hour' ? HOUR : DAY;
  const startOf = (record: RequestRecord) => Math.floor(record.createdAt / size) * size;
  const groupOf = (record: RequestRecord) => (groupBy === undefined ? null : GROUPS[groupBy](record));
  const keys = [...new Set(all.map((record) => JSON.stringify([startOf(record), groupOf(record)])))];
  return keys
    .map((key) => JSON.parse(key) as [number, string | null])
    .map(([start, group]) => {
      const inside = all.filter((record) => startOf(record) === start && groupOf(record) === group);
      return row(start, group, [
        inside.length,
        inside.filter((record) => record.status >= 400).length,
        sum(inside.map((record) => record.inputTokens)),
        sum(inside.map((record) => record.outputTokens)),
        sum(inside.map((record) => record.cachedTokens)),
        sum(inside.map((record) => record.costMicros)),
        inside.filter((record) => record.costMicros === undefined).length,
      ]);
    })
    .sort((left, right) => left.bucketStart - right.bucketStart || byBytes(left.group, right.group));
}

function byBytes(left: string | null, right: string | null): number {
  if (left === right) return 0;
  if (left === null) return -1;
  if (right === null) return 1;
  return Buffer.compare(Buffer.from(left), Buffer.from(right));
}

const nearestRank = (values: readonly number[], p: number) => [...values].sort((left, right) => left - right)[Math.ceil((p / 100) * values.length) - 1]!;

// The same numbers in a scrambled order, so a backend that forgets to sort fails.
const shuffled = (values: readonly number[]) => values.map((value, index) => [(index * 37) % values.length, value] as const).sort(([left], [right]) => left - right).map(([, value]) => value);

/** One behaviour spec every RequestAnalyticsStore backend passes, fed through its RequestLogStore. */
export function requestAnalyticsContract(make: () => { log: RequestLogStore; analytics: RequestAnalyticsStore; close(): Promise<void> }): void {
  describe('RequestAnalyticsStore contract', () => {
    let backend: ReturnType<typeof make>;
    afterEach(async () => {
      await backend.close();
    });

    async function withRecords(list: readonly RequestRecord[]): Promise<RequestAnalyticsStore> {
      backend = make();
      await backend.log.append(list);
      return backend.analytics;
    }

    const everything = { from: at(1, 0), to: at(4, 0) };

    it('sums requests, errors (status >= 400), tokens and cost per UTC hour, unknown cost counted apart', async () => {
      const analytics = await withRecords(records);
      expect(await analytics.usageSeries({ bucket: 'hour', ...everything })).toEqual([
        row(at(1, 10), null, [2, 1, 30, 5, 4, 100, 1]),
        row(at(1, 11), null, [1, 0, 0, 7, 2, 300, 0]),
        row(at(2, 0), null, [1, 1, 0, 0, 0, 0, 1]),
        row(at(2, 5), null, [1, 1, 1, 1, 0, 0, 0]),
      ]);
    });

    it('splits per UTC day and group, nulls first within a bucket', async () => {
      const analytics = await withRecords(records);
      expect(await analytics.usageSeries({ bucket: 'day', groupBy: 'team', ...everything })).toEqual([
        row(at(1, 0), null, [1, 0, 0, 7, 2, 300, 0]),
        row(at(1, 0), 't1', [2, 1, 30, 5, 4, 100, 1]),
        row(at(2, 0), 't2', [2, 2, 1, 1, 0, 0, 1]),
      ]);
      expect(await analytics.usageSeries({ bucket: 'day', groupBy: 'provider', ...everything })).toEqual([
        row(at(1, 0), 'groq', [1, 1, 20, 0, 0, 0, 1]),
        row(at(1, 0), 'openai', [2, 0, 10, 12, 6, 400, 0]),
        row(at(2, 0), null, [1, 1, 0, 0, 0, 0, 1]),
        row(at(2, 0), 'groq', [1, 1, 1, 1, 0, 0, 0]),
      ]);
    });

    it('counts only requests inside the inclusive range', async () => {
      const analytics = await withRecords(records);
      expect(await analytics.usageSeries({ bucket: 'hour', groupBy: 'model', from: at(1, 10, 59, 59, 999), to: at(2, 0) })).toEqual([
        row(at(1, 10), 'cheap', [1, 1, 20, 0, 0, 0, 1]),
        row(at(1, 11), 'smart', [1, 0, 0, 7, 2, 300, 0]),
        row(at(2, 0), null, [1, 1, 0, 0, 0, 0, 1]),
      ]);
      expect(await analytics.usageSeries({ bucket: 'day', from: at(3, 0), to: at(4, 0) })).toEqual([]);
    });

    it('equals sums computed over the appended records, for every bucket and grouping', async () => {
      const generated = generatedRecords(400);
      const analytics = await withRecords(generated);
      for (const bucket of ['hour', 'day'] as const) {
        for (const groupBy of [undefined, 'key', 'team', 'user', 'model', 'provider'] as const) {
          expect(await analytics.usageSeries({ bucket, groupBy, ...everything })).toEqual(expectedSeries(generated, bucket, groupBy));
        }
      }
      const range = { from: at(1, 13, 17), to: at(2, 21, 3) };
      const inRange = generated.filter((record) => record.createdAt >= range.from && record.createdAt <= range.to);
      expect(await analytics.usageSeries({ bucket: 'hour', groupBy: 'team', ...range })).toEqual(expectedSeries(inRange, 'hour', 'team'));
    });

    it('agrees with the request log\'s own usage totals', async () => {
      const generated = generatedRecords(200);
      const analytics = await withRecords(generated);
      const series = await analytics.usageSeries({ bucket: 'day', groupBy: 'key', ...everything });
      const totals = await backend.log.usage({ groupBy: 'key', ...everything });
      for (const total of totals) {
        const rows = series.filter((entry) => entry.group === total.group);
        expect([sum(rows.map((entry) => entry.requests)), sum(rows.map((entry) => entry.costMicros)), sum(rows.map((entry) => entry.unknownCost))])
          .toEqual([total.requests, total.costMicros, total.unknownCost]);
      }
      expect(sum(series.map((entry) => entry.requests))).toBe(generated.length);
    });

    it('takes nearest-rank latency percentiles and counts errors per model', async () => {
      const tens = shuffled([10, 20, 30, 40, 50, 60, 70, 80, 90, 100]);
      const hundred = shuffled(Array.from({ length: 100 }, (_, index) => index + 1));
      const analytics = await withRecords([
        ...tens.map((latencyMs, index) => makeRecord({ requestId: `t${index}`, requestedModel: 'tens', latencyMs, ttfbMs: index < 4 ? latencyMs / 10 : undefined, status: index < 3 ? 502 : 200 })),
        ...hundred.map((latencyMs, index) => makeRecord({ requestId: `h${index}`, requestedModel: 'hundred', latencyMs: latencyMs + 0.5, ttfbMs: undefined })),
        ...shuffled(Array.from({ length: 11 }, (_, index) => index + 1)).map((latencyMs) => makeRecord({ requestId: `e${latencyMs}`, requestedModel: 'eleven', latencyMs, ttfbMs: latencyMs })),
        makeRecord({ requestId: 'one', requestedModel: 'single', latencyMs: 12.25, ttfbMs: 3.5, status: 429 }),
      ]);
      expect(await analytics.latency({ groupBy: 'model' })).toEqual<LatencyRow[]>([
        // Ranks ceil(5.5), ceil(9.9), ceil(10.45), ceil(10.89): neither rounding nor interpolation.
        { group: 'eleven', requests: 11, errors: 0, latencyMs: { p50: 6, p90: 10, p95: 11, p99: 11 }, ttfbMs: { p50: 6, p95: 11 } },
        { group: 'hundred', requests: 100, errors: 0, latencyMs: { p50: 50.5, p90: 90.5, p95: 95.5, p99: 99.5 }, ttfbMs: undefined },
        { group: 'single', requests: 1, errors: 1, latencyMs: { p50: 12.25, p90: 12.25, p95: 12.25, p99: 12.25 }, ttfbMs: { p50: 3.5, p95: 3.5 } },
        {
          group: 'tens',
          requests: 10,
          errors: 3,
          latencyMs: { p50: 50, p90: 90, p95: 100, p99: 100 },
          // Known for four of the ten only: ranks 2 and 4 among those four.
          ttfbMs: { p50: [...tens.slice(0, 4)].sort((left, right) => left - right)[1]! / 10, p95: Math.max(...tens.slice(0, 4)) / 10 },
        },
      ]);
    });

    it('takes latency per provider inside the inclusive range, nulls first', async () => {
      const generated = generatedRecords(300);
      const analytics = await withRecords(generated);
      const range = { from: at(2, 0), to: at(3, 12) };
      const inside = generated.filter((record) => record.createdAt >= range.from && record.createdAt <= range.to);
      const expected = ([null, 'anthropic', 'groq', 'openai'] as const).map((group): LatencyRow => {
        const mine = inside.filter((record) => (record.provider ?? null) === group);
        const latencies = mine.map((record) => record.latencyMs);
        const ttfbs = mine.flatMap((record) => (record.ttfbMs === undefined ? [] : [record.ttfbMs]));
        return {
          group,
          requests: mine.length,
          errors: mine.filter((record) => record.status >= 400).length,
          latencyMs: { p50: nearestRank(latencies, 50), p90: nearestRank(latencies, 90), p95: nearestRank(latencies, 95), p99: nearestRank(latencies, 99) },
          ttfbMs: { p50: nearestRank(ttfbs, 50), p95: nearestRank(ttfbs, 95) },
        };
      });
      expect(await analytics.latency({ groupBy: 'provider', ...range })).toEqual(expected);
      expect(await analytics.latency({ groupBy: 'provider', from: at(5, 0) })).toEqual([]);
      expect((await analytics.latency({ groupBy: 'provider', to: at(1, 0) - 1 }))).toEqual([]);
    });

    it('orders groups by their bytes, as SQLite does, beyond U+FFFF too', async () => {
      const analytics = await withRecords([
        makeRecord({ requestId: 'x', keyId: '\u{1F600}', requestedModel: '\u{1F600}' }),
        makeRecord({ requestId: 'y', keyId: '\uFF21', requestedModel: '\uFF21' }),
        makeRecord({ requestId: 'z', keyId: undefined, requestedModel: undefined }),
      ]);
      const series = await analytics.usageSeries({ bucket: 'day', groupBy: 'key', from: 0, to: at(1, 0) });
      expect(series.map((entry) => entry.group)).toEqual([null, '\uFF21', '\u{1F600}']);
      expect((await analytics.latency({ groupBy: 'model' })).map((entry) => entry.group)).toEqual([null, '\uFF21', '\u{1F600}']);
    });
  });
}
