import { describe, expect, it } from 'vitest';
import type { RequestRecord } from '../core/request-record.js';
import { MemoryRequestLogStore } from '../storage/memory/index.js';
import { MemoryRequestAnalytics } from '../storage/memory/memory-request-analytics.js';
import { handleAnalytics } from './analytics-api.js';
import type { LatencyReport } from './contract/latency-report.js';
import type { SpendForecastReport } from './contract/spend-forecast-report.js';
import type { TopSpendersReport } from './contract/top-spenders-report.js';
import type { UsageSeriesReport } from './contract/usage-series-report.js';

const HOUR = 3_600_000;
const DAY = 86_400_000;
const at = (day: number, hour: number, minute = 0) => Date.UTC(2026, 0, day, hour, minute);
// Mid-afternoon of 2026-01-11: ten whole days and a bit of the month have gone by.
const NOW = at(11, 12);

function makeRecord(overrides: Partial<RequestRecord>): RequestRecord {
  return {
    requestId: 'req_1', createdAt: NOW, endpoint: '/v1/chat/completions', keyId: 'k1', requestedModel: 'smart', provider: 'openai',
    deploymentModel: 'gpt-4o', status: 200, errorKind: undefined, errorMessage: undefined, latencyMs: 10, ttfbMs: undefined,
    inputTokens: undefined, outputTokens: undefined, cachedTokens: undefined, reasoningTokens: undefined, costMicros: undefined,
    costFlags: [], attempts: [], cache: 'off', stream: false, clientIp: undefined, tags: [], traceId: undefined, warnings: [],
    ...overrides,
  };
}

// Team t1 spends a flat 1 USD a day over keys k1 and k2; t2 (key k3) spends 1, 2, 3 ...
// USD on days 1, 2, 3 ...; some requests fail or have unknown cost; k4 has no team.
function monthRecords(): RequestRecord[] {
  const list: RequestRecord[] = [];
  for (let day = 1; day <= 11; day += 1) {
    const createdAt = day === 11 ? NOW - HOUR : at(day, 9);
    list.push(
      makeRecord({ requestId: `a${day}`, createdAt, keyId: 'k1', teamId: 't1', userId: 'u1', costMicros: 400_000, inputTokens: 100, outputTokens: 10, cachedTokens: 5, latencyMs: day * 10, ttfbMs: day }),
      makeRecord({ requestId: `b${day}`, createdAt: createdAt + HOUR, keyId: 'k2', teamId: 't1', userId: 'u2', costMicros: 600_000, inputTokens: 50, outputTokens: 20, requestedModel: 'cheap', provider: 'groq', latencyMs: day }),
      makeRecord({ requestId: `c${day}`, createdAt, keyId: 'k3', teamId: 't2', costMicros: day * 1_000_000, inputTokens: day, outputTokens: day, status: day % 4 === 0 ? 502 : 200, latencyMs: 100 + day }),
      makeRecord({ requestId: `d${day}`, createdAt, keyId: 'k4', teamId: undefined, costMicros: undefined, costFlags: ['usage-unknown'], status: 400, requestedModel: undefined, provider: undefined }),
    );
  }
  return list;
}

async function api(path: string, query: string, records: RequestRecord[] = monthRecords(), now = NOW) {
  const requestLog = new MemoryRequestLogStore();
  await requestLog.append(records);
  return handleAnalytics(path, new URLSearchParams(query), { requestLog, analytics: new MemoryRequestAnalytics(() => requestLog.records()) }, () => now);
}

const sumOf = (records: readonly RequestRecord[], field: 'inputTokens' | 'outputTokens' | 'cachedTokens' | 'costMicros') => records.reduce((total, record) => total + (record[field] ?? 0), 0);

describe('GET /admin/analytics/usage', () => {
  it('defaults to day buckets over the last 30 days, ungrouped, with sums equal to the records\'', async () => {
    const records = monthRecords();
    const { status, body } = await api('usage', '', records);
    const report = body as UsageSeriesReport;
    expect(status).toBe(200);
    expect(report).toMatchObject({ object: 'list', bucket: 'day', group_by: null, from: new Date(NOW - 30 * DAY).toISOString(), to: new Date(NOW).toISOString() });
    expect(report.data).toHaveLength(11);
    for (const entry of report.data) {
      const start = Date.parse(entry.bucket_start);
      const inside = records.filter((record) => record.createdAt >= start && record.createdAt < start + DAY);
      expect(entry).toEqual({
        bucket_start: new Date(start).toISOString(),
        requests: inside.length,
        errors: inside.filter((record) => record.status >= 400).length,
        input_tokens: sumOf(inside, 'inputTokens'),
        output_tokens: sumOf(inside, 'outputTokens'),
        cached_tokens: sumOf(inside, 'cachedTokens'),
        cost_usd: sumOf(inside, 'costMicros') / 1_000_000,
        cost_unknown_requests: inside.filter((record) => record.costMicros === undefined).length,
      });
    }
  });

  it('groups hour buckets over the last 24 hours, the group under its name', async () => {
    const { body } = await api('usage', 'bucket=hour&group_by=team');
    const report = body as UsageSeriesReport;
    expect(report).toMatchObject({ bucket: 'hour', group_by: 'team', from: new Date(NOW - DAY).toISOString() });
    expect(report.data).toEqual([
      { bucket_start: '2026-01-11T11:00:00.000Z', team: null, requests: 1, errors: 1, input_tokens: 0, output_tokens: 0, cached_tokens: 0, cost_usd: 0, cost_unknown_requests: 1 },
      { bucket_start: '2026-01-11T11:00:00.000Z', team: 't1', requests: 1, errors: 0, input_tokens: 100, output_tokens: 10, cached_tokens: 5, cost_usd: 0.4, cost_unknown_requests: 0 },
      { bucket_start: '2026-01-11T11:00:00.000Z', team: 't2', requests: 1, errors: 0, input_tokens: 11, output_tokens: 11, cached_tokens: 0, cost_usd: 11, cost_unknown_requests: 0 },
      { bucket_start: '2026-01-11T12:00:00.000Z', team: 't1', requests: 1, errors: 0, input_tokens: 50, output_tokens: 20, cached_tokens: 0, cost_usd: 0.6, cost_unknown_requests: 0 },
    ]);
  });

  it('exports the series as CSV with exact USD', async () => {
    const response = await api('usage', 'bucket=day&group_by=key&from=2026-01-04&to=2026-01-04T23:59:59.999Z&format=csv');
    expect(response).toEqual({
      status: 200,
      contentType: 'text/csv; charset=utf-8',
      body: [
        'bucket_start,group,requests,errors,input_tokens,output_tokens,cached_tokens,cost_usd,cost_unknown_requests',
        '2026-01-04T00:00:00.000Z,k1,1,0,100,10,5,0.400000,0',
        '2026-01-04T00:00:00.000Z,k2,1,0,50,20,0,0.600000,0',
        '2026-01-04T00:00:00.000Z,k3,1,1,4,4,0,4.000000,0',
        '2026-01-04T00:00:00.000Z,k4,1,1,0,0,0,0.000000,1',
        '',
      ].join('\r\n'),
    });
  });

  it('accepts 10,000 buckets and refuses more', async () => {
    const ok = await api('usage', `bucket=hour&from=0&to=${10_000 * HOUR - 1}`);
    expect(ok.status).toBe(200);
    await expect(api('usage', `bucket=hour&from=0&to=${10_000 * HOUR}`)).rejects.toMatchObject({ code: 'GW_INVALID_REQUEST', param: 'from' });
  });
});

describe('GET /admin/analytics/latency', () => {
  it('gives nearest-rank percentiles, errors and error rate per model over the last 24 hours', async () => {
    const { body } = await api('latency', 'group_by=model&from=2026-01-01');
    const report = body as LatencyReport;
    expect(report).toMatchObject({ group_by: 'model', from: '2026-01-01T00:00:00.000Z', to: new Date(NOW).toISOString() });
    expect(report.data).toEqual([
      { model: null, requests: 11, errors: 11, error_rate: 1, latency_ms: { p50: 10, p90: 10, p95: 10, p99: 10 }, ttfb_ms: null },
      { model: 'cheap', requests: 11, errors: 0, error_rate: 0, latency_ms: { p50: 6, p90: 10, p95: 11, p99: 11 }, ttfb_ms: null },
      // k1 (10..110 ms, ttfb 1..11) and k3 (101..111 ms, 2 failures) together: 22 requests.
      { model: 'smart', requests: 22, errors: 2, error_rate: 2 / 22, latency_ms: { p50: 101, p90: 110, p95: 110, p99: 111 }, ttfb_ms: { p50: 6, p95: 11 } },
    ]);
    const recent = (await api('latency', 'group_by=provider')).body as LatencyReport;
    expect(recent.from).toBe(new Date(NOW - DAY).toISOString());
    expect(recent.data.map((entry) => [entry.provider, entry.requests])).toEqual([[null, 1], ['groq', 1], ['openai', 2]]);
  });
});

describe('GET /admin/analytics/top-spenders', () => {
  it('ranks by cost, leaves out requests without a key, and stops at the limit', async () => {
    const records = monthRecords();
    const { body } = await api('top-spenders', 'by=key&limit=2', records);
    const report = body as TopSpendersReport;
    const k3 = records.filter((record) => record.keyId === 'k3');
    expect(report).toMatchObject({ object: 'list', by: 'key', limit: 2, from: null, to: null });
    expect(report.data).toEqual([
      { key: 'k3', requests: 11, input_tokens: sumOf(k3, 'inputTokens'), output_tokens: sumOf(k3, 'outputTokens'), cost_usd: sumOf(k3, 'costMicros') / 1_000_000, cost_unknown_requests: 0 },
      { key: 'k2', requests: 11, input_tokens: 550, output_tokens: 220, cost_usd: 6.6, cost_unknown_requests: 0 },
    ]);
    const byTeam = (await api('top-spenders', 'by=team&to=2026-01-01T23:59:59Z', records)).body as TopSpendersReport;
    expect(byTeam.data.map((entry) => [entry.team, entry.cost_usd])).toEqual([['t1', 1], ['t2', 1]]);
  });
});

describe('GET /admin/analytics/forecast', () => {
  it('projects each team\'s month end from its daily trend, spent so far equal to the records\'', async () => {
    const { body } = await api('forecast', 'by=team');
    const report = body as SpendForecastReport;
    expect(report).toMatchObject({ object: 'list', by: 'team', month: '2026-01', as_of: new Date(NOW).toISOString() });
    const common = { days_elapsed: 10.5, days_in_month: 31, method: 'linear-trend' };
    expect(report.data).toEqual([
      // Day d costs d USD: days 1..10 fit exactly; today so far 11, the rest of today 5.5, then 12..31.
      { team: 't2', spent_usd: 66, cost_unknown_requests: 0, projected_month_end_usd: 66 + 5.5 + 430, daily_trend_usd: 1, ...common },
      // 1 USD a day; today's 1 USD is already in (both requests before noon) plus half a day more.
      { team: 't1', spent_usd: 11, cost_unknown_requests: 0, projected_month_end_usd: 11 + 0.5 + 20, daily_trend_usd: 0, ...common },
      { team: null, spent_usd: 0, cost_unknown_requests: 11, projected_month_end_usd: 0, daily_trend_usd: 0, ...common, method: 'no-spend' },
    ]);
  });

  it('gives a finished month its actual spend', async () => {
    const records = monthRecords();
    const { body } = await api('forecast', 'by=key&month=2026-01', records, Date.UTC(2026, 2, 3));
    const report = body as SpendForecastReport;
    expect(report.as_of).toBe('2026-01-31T23:59:59.999Z');
    for (const entry of report.data) {
      const mine = records.filter((record) => record.keyId === entry.key);
      expect(entry).toMatchObject({ spent_usd: sumOf(mine, 'costMicros') / 1_000_000, projected_month_end_usd: sumOf(mine, 'costMicros') / 1_000_000, method: 'actual', days_elapsed: 31 });
    }
    expect(report.data.map((entry) => entry.key)).toEqual(['k3', 'k2', 'k1', 'k4']);
  });

  it('answers an empty list for a month without requests', async () => {
    const { body } = await api('forecast', 'by=team&month=2025-12');
    expect(body).toEqual({ object: 'list', by: 'team', month: '2025-12', as_of: '2025-12-31T23:59:59.999Z', data: [] });
  });
});

describe('GET /admin/analytics/chargeback.csv', () => {
  it('sums cost per team over the range, defusing formula-like ids, the no-team requests kept', async () => {
    const records = [...monthRecords(), makeRecord({ requestId: 'x', createdAt: at(2, 1), keyId: 'k9', teamId: '=HYPERLINK("http://evil")', costMicros: 1 })];
    const response = await api('chargeback.csv', 'group_by=team&from=2026-01-02&to=2026-01-03T23:59:59.999Z', records);
    expect(response.contentType).toBe('text/csv; charset=utf-8');
    expect(response.body).toBe([
      'group,requests,input_tokens,output_tokens,cost_usd,cost_unknown_requests',
      't2,2,5,5,5.000000,0',
      't1,4,300,60,2.000000,0',
      '"\'=HYPERLINK(""http://evil"")",1,0,0,0.000001,0',
      ',2,0,0,0.000000,2',
      '',
    ].join('\r\n'));
  });
});

describe('handleAnalytics refusals', () => {
  it.each([
    ['usage', 'bucket=week', 'bucket'],
    ['usage', 'group_by=day', 'group_by'],
    ['usage', 'format=xml', 'format'],
    ['usage', 'from=yesterday', 'from'],
    ['usage', 'from=2026-01-03&to=2026-01-02', 'from'],
    ['usage', `from=${NOW + 1}`, 'from'],
    ['latency', '', 'group_by'],
    ['latency', 'group_by=key', 'group_by'],
    ['top-spenders', 'limit=5', 'by'],
    ['top-spenders', 'by=model', 'by'],
    ['top-spenders', 'by=key&limit=0', 'limit'],
    ['top-spenders', 'by=key&limit=1001', 'limit'],
    ['top-spenders', 'by=key&limit=2.5', 'limit'],
    ['top-spenders', 'by=key&to=-1', 'to'],
    ['forecast', 'by=user', 'by'],
    ['forecast', 'by=team&month=2026-13', 'month'],
    ['forecast', 'by=team&month=2026-1', 'month'],
    ['forecast', 'by=team&month=0099-01', 'month'],
    ['forecast', 'by=team&month=2026-02', 'month'],
    ['chargeback.csv', 'group_by=provider', 'group_by'],
  ])('refuses /%s?%s naming %s', async (path, query, param) => {
    await expect(api(path, query)).rejects.toMatchObject({ name: 'GatewayError', code: 'GW_INVALID_REQUEST', status: 400, param });
  });

  it('answers 404 for an unknown analytics route', async () => {
    await expect(api('spend', '')).rejects.toMatchObject({ code: 'GW_ROUTE_NOT_FOUND', status: 404 });
    await expect(api('usage/extra', '')).rejects.toMatchObject({ code: 'GW_ROUTE_NOT_FOUND' });
  });
});
