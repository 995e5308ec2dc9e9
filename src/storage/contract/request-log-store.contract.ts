import { afterEach, describe, expect, it } from 'vitest';
import type { RequestRecord } from '../../core/request-record.js';
import type { RequestLogStore, UsageRow } from '../ports.js';

export function makeRecord(overrides: Partial<RequestRecord> = {}): RequestRecord {
  return {
    requestId: 'req_1',
    createdAt: 1_000,
    endpoint: '/v1/chat/completions',
    keyId: 'master',
    requestedModel: 'smart',
    provider: 'openai',
    deploymentModel: 'gpt-4o',
    status: 200,
    errorKind: undefined,
    errorMessage: undefined,
    latencyMs: 12.5,
    ttfbMs: 3.25,
    inputTokens: 10,
    outputTokens: 5,
    cachedTokens: undefined,
    reasoningTokens: undefined,
    costMicros: 75,
    costFlags: [],
    attempts: [{ provider: 'openai', model: 'gpt-4o', status: 200, errorKind: undefined, latencyMs: 10 }],
    cache: 'off',
    stream: false,
    clientIp: '127.0.0.1',
    tags: ['team:a'],
    traceId: undefined,
    warnings: [],
    ...overrides,
  };
}

const at = (day: number, hour: number, minute = 0, second = 0, ms = 0) => Date.UTC(2026, 0, day, hour, minute, second, ms);

// Unknown tokens and cost, a known zero cost, callers without a key, team or user, a
// request that reached no provider, and rows either side of a UTC midnight.
const usageRecords = [
  makeRecord({ requestId: 'a', createdAt: at(1, 10), keyId: 'k1', teamId: 't1', userId: 'u1', requestedModel: 'smart', provider: 'openai', inputTokens: 10, outputTokens: 5, costMicros: 100 }),
  makeRecord({ requestId: 'b', createdAt: at(1, 23, 59, 59, 999), keyId: 'k1', teamId: 't1', userId: 'u2', requestedModel: 'cheap', provider: 'groq', inputTokens: 20, outputTokens: undefined, costMicros: undefined, costFlags: ['usage-unknown'] }),
  makeRecord({ requestId: 'c', createdAt: at(2, 0), keyId: 'k2', requestedModel: 'smart', provider: 'openai', inputTokens: undefined, outputTokens: 7, costMicros: 300 }),
  makeRecord({ requestId: 'd', createdAt: at(3, 12), keyId: undefined, teamId: 't2', userId: 'u3', requestedModel: undefined, provider: undefined, deploymentModel: undefined, status: 400, inputTokens: undefined, outputTokens: undefined, costMicros: undefined, attempts: [] }),
  makeRecord({ requestId: 'e', createdAt: at(2, 5), keyId: 'k2', teamId: 't2', userId: 'u3', requestedModel: 'cheap', provider: 'groq', inputTokens: 1, outputTokens: 1, costMicros: 0 }),
];

function usage(group: string | null, requests: number, inputTokens: number, outputTokens: number, costMicros: number, unknownCost: number): UsageRow {
  return { group, requests, inputTokens, outputTokens, costMicros, unknownCost };
}

/** One behaviour spec every RequestLogStore backend passes. */
export function requestLogStoreContract(name: string, makeStore: () => RequestLogStore): void {
  describe(`${name}: RequestLogStore contract`, () => {
    let store: RequestLogStore;
    afterEach(async () => {
      await store.close();
    });

    it('round-trips a record exactly, unknown counts staying unknown', async () => {
      store = makeStore();
      const record = makeRecord({ inputTokens: undefined, outputTokens: undefined, costMicros: undefined, costFlags: ['usage-unknown'], stream: true, tags: [] });
      await store.append([record]);
      expect(await store.get('req_1')).toEqual(JSON.parse(JSON.stringify(record)));
      expect(await store.get('missing')).toBeUndefined();
    });

    it('keeps a payload for get, leaves it out of lists', async () => {
      store = makeStore();
      const payload = { request: '{"messages":[]}', response: 'echo: [EMAIL]', truncated: true };
      await store.append([makeRecord({ requestId: 'p', payload }), makeRecord({ requestId: 'q' })]);
      expect((await store.get('p'))?.payload).toEqual(payload);
      expect((await store.get('q'))?.payload).toBeUndefined();
      const listed = await store.query({ limit: 10 });
      expect(listed.map((record) => record.payload)).toEqual([undefined, undefined]);
    });

    it('deletes rows and payloads older than a time, keeping the rest', async () => {
      store = makeStore();
      const payload = { request: 'x', response: undefined, truncated: false };
      await store.append([makeRecord({ requestId: 'old', createdAt: 10, payload }), makeRecord({ requestId: 'edge', createdAt: 20, payload }), makeRecord({ requestId: 'new', createdAt: 30 })]);
      expect(await store.deleteBefore(20)).toBe(1);
      expect(await store.get('old')).toBeUndefined();
      expect((await store.get('edge'))?.payload).toEqual(payload);
      expect((await store.query({ limit: 10 })).map((record) => record.requestId)).toEqual(['new', 'edge']);
      expect(await store.deleteBefore(20)).toBe(0);
    });

    it('keeps how the request was routed: the routed model, the rule and the split side', async () => {
      store = makeStore();
      const record = makeRecord({ routedModel: 'large', routeRule: 'long-analysis', splitArm: 'large' });
      await store.append([record]);
      expect(await store.get('req_1')).toMatchObject({ routedModel: 'large', routeRule: 'long-analysis', splitArm: 'large' });
    });

    it('filters by key, model, status class and time, newest first, limited', async () => {
      store = makeStore();
      await store.append([
        makeRecord({ requestId: 'a', createdAt: 1, keyId: 'k1', status: 200 }),
        makeRecord({ requestId: 'b', createdAt: 2, keyId: 'k2', status: 429, requestedModel: 'cheap', deploymentModel: 'llama' }),
        makeRecord({ requestId: 'c', createdAt: 3, keyId: 'k1', status: 502 }),
      ]);
      const ids = async (query: Parameters<RequestLogStore['query']>[0]) => (await store.query(query)).map((record) => record.requestId);
      expect(await ids({ limit: 10 })).toEqual(['c', 'b', 'a']);
      expect(await ids({ limit: 2 })).toEqual(['c', 'b']);
      expect(await ids({ limit: 10, keyId: 'k1' })).toEqual(['c', 'a']);
      expect(await ids({ limit: 10, model: 'llama' })).toEqual(['b']);
      expect(await ids({ limit: 10, model: 'cheap' })).toEqual(['b']);
      expect(await ids({ limit: 10, status: 'error' })).toEqual(['c', 'b']);
      expect(await ids({ limit: 10, status: 'success' })).toEqual(['a']);
      expect(await ids({ limit: 10, status: 429 })).toEqual(['b']);
      expect(await ids({ limit: 10, from: 2, to: 2 })).toEqual(['b']);
    });

    it('keeps the caller\'s team and user', async () => {
      store = makeStore();
      await store.append([makeRecord({ teamId: 'team_1', userId: 'user_1' }), makeRecord({ requestId: 'req_2' })]);
      expect(await store.get('req_1')).toMatchObject({ teamId: 'team_1', userId: 'user_1' });
      const anonymous = await store.get('req_2');
      expect(anonymous?.teamId).toBeUndefined();
      expect(anonymous?.userId).toBeUndefined();
    });

    it('sums usage per key, team, user, model and provider: highest cost first, ties by group, nulls first', async () => {
      store = makeStore();
      await store.append(usageRecords);
      expect(await store.usage({ groupBy: 'key' })).toEqual([usage('k2', 2, 1, 8, 300, 0), usage('k1', 2, 30, 5, 100, 1), usage(null, 1, 0, 0, 0, 1)]);
      expect(await store.usage({ groupBy: 'team' })).toEqual([usage(null, 1, 0, 7, 300, 0), usage('t1', 2, 30, 5, 100, 1), usage('t2', 2, 1, 1, 0, 1)]);
      expect(await store.usage({ groupBy: 'user' })).toEqual([usage(null, 1, 0, 7, 300, 0), usage('u1', 1, 10, 5, 100, 0), usage('u2', 1, 20, 0, 0, 1), usage('u3', 2, 1, 1, 0, 1)]);
      expect(await store.usage({ groupBy: 'model' })).toEqual([usage('smart', 2, 10, 12, 400, 0), usage(null, 1, 0, 0, 0, 1), usage('cheap', 2, 21, 1, 0, 1)]);
      expect(await store.usage({ groupBy: 'provider' })).toEqual([usage('openai', 2, 10, 12, 400, 0), usage(null, 1, 0, 0, 0, 1), usage('groq', 2, 21, 1, 0, 1)]);
    });

    it('sums usage per UTC day, oldest first', async () => {
      store = makeStore();
      await store.append(usageRecords);
      expect(await store.usage({ groupBy: 'day' })).toEqual([usage('2026-01-01', 2, 30, 5, 100, 1), usage('2026-01-02', 2, 1, 8, 300, 0), usage('2026-01-03', 1, 0, 0, 0, 1)]);
    });

    it('sums usage only inside the inclusive time range', async () => {
      store = makeStore();
      await store.append(usageRecords);
      const range = { from: at(1, 23, 59, 59, 999), to: at(2, 0) };
      expect(await store.usage({ groupBy: 'key', ...range })).toEqual([usage('k2', 1, 0, 7, 300, 0), usage('k1', 1, 20, 0, 0, 1)]);
      expect(await store.usage({ groupBy: 'day', ...range })).toEqual([usage('2026-01-01', 1, 20, 0, 0, 1), usage('2026-01-02', 1, 0, 7, 300, 0)]);
      expect(await store.usage({ groupBy: 'model', from: at(3, 0) })).toEqual([usage(null, 1, 0, 0, 0, 1)]);
      expect(await store.usage({ groupBy: 'model', to: at(1, 10) })).toEqual([usage('smart', 1, 10, 5, 100, 0)]);
      expect(await store.usage({ groupBy: 'team', from: at(4, 0) })).toEqual([]);
    });

    it('orders groups by their bytes, as SQLite does, beyond U+FFFF too', async () => {
      store = makeStore();
      await store.append([makeRecord({ requestId: 'x', keyId: '\u{1F600}', costMicros: 1 }), makeRecord({ requestId: 'y', keyId: '\uFF21', costMicros: 1 })]);
      expect((await store.usage({ groupBy: 'key' })).map((row) => row.group)).toEqual(['\uFF21', '\u{1F600}']);
    });

    it('ignores a row appended twice (a retried batch)', async () => {
      store = makeStore();
      await store.append([makeRecord()]);
      await store.append([makeRecord()]);
      expect(await store.query({ limit: 10 })).toHaveLength(1);
    });
  });
}
