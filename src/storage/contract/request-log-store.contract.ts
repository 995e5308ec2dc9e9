import { afterEach, describe, expect, it } from 'vitest';
import type { RequestRecord } from '../../core/request-record.js';
import type { RequestLogStore } from '../ports.js';

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

    it('ignores a row appended twice (a retried batch)', async () => {
      store = makeStore();
      await store.append([makeRecord()]);
      await store.append([makeRecord()]);
      expect(await store.query({ limit: 10 })).toHaveLength(1);
    });
  });
}
