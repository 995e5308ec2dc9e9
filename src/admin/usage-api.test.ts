import { describe, expect, it } from 'vitest';
import type { RequestRecord } from '../core/request-record.js';
import { MemoryRequestLogStore } from '../storage/memory/index.js';
import { handleUsage } from './usage-api.js';

const JAN_1 = Date.UTC(2026, 0, 1, 12);
const JAN_2 = Date.UTC(2026, 0, 2, 12);

function makeRecord(overrides: Partial<RequestRecord>): RequestRecord {
  return {
    requestId: 'req_1', createdAt: JAN_1, endpoint: '/v1/chat/completions', keyId: 'k1', requestedModel: 'smart', provider: 'openai',
    deploymentModel: 'gpt-4o', status: 200, errorKind: undefined, errorMessage: undefined, latencyMs: 10, ttfbMs: 2,
    inputTokens: undefined, outputTokens: undefined, cachedTokens: undefined, reasoningTokens: undefined, costMicros: undefined,
    costFlags: [], attempts: [], cache: 'off', stream: false, clientIp: undefined, tags: [], traceId: undefined, warnings: [],
    ...overrides,
  };
}

async function storeWith(records: RequestRecord[]): Promise<MemoryRequestLogStore> {
  const store = new MemoryRequestLogStore();
  await store.append(records);
  return store;
}

const records = [
  makeRecord({ requestId: 'a', createdAt: JAN_1, keyId: 'k1', teamId: 't1', inputTokens: 10, outputTokens: 5, costMicros: 1_500_000 }),
  makeRecord({ requestId: 'b', createdAt: JAN_2, keyId: 'k1', teamId: undefined, inputTokens: undefined, outputTokens: undefined, costMicros: undefined, costFlags: ['usage-unknown'] }),
  makeRecord({ requestId: 'c', createdAt: JAN_2, keyId: 'k2', teamId: 't1', inputTokens: 3, outputTokens: 4, costMicros: 250 }),
];

const usage = async (query: string) => handleUsage(new URLSearchParams(query), await storeWith(records));

describe('handleUsage', () => {
  it('answers a list with the group under the group_by name, cost in USD and unknown costs counted', async () => {
    expect(await usage('group_by=key')).toEqual({
      status: 200,
      body: {
        object: 'list',
        group_by: 'key',
        from: null,
        to: null,
        data: [
          { key: 'k1', requests: 2, input_tokens: 10, output_tokens: 5, cost_usd: 1.5, cost_unknown_requests: 1 },
          { key: 'k2', requests: 1, input_tokens: 3, output_tokens: 4, cost_usd: 0.00025, cost_unknown_requests: 0 },
        ],
      },
    });
  });

  it('shows requests without a team as a null group', async () => {
    const { body } = await usage('group_by=team');
    expect(body.data).toEqual([
      { team: 't1', requests: 2, input_tokens: 13, output_tokens: 9, cost_usd: 1.50025, cost_unknown_requests: 0 },
      { team: null, requests: 1, input_tokens: 0, output_tokens: 0, cost_usd: 0, cost_unknown_requests: 1 },
    ]);
  });

  it('reads from and to as ISO 8601 or epoch ms, inclusive, and echoes them as ISO 8601', async () => {
    const { body } = await usage(`group_by=day&from=2026-01-02T12:00:00Z&to=${JAN_2}`);
    expect(body).toMatchObject({ from: '2026-01-02T12:00:00.000Z', to: '2026-01-02T12:00:00.000Z' });
    expect(body.data).toEqual([{ day: '2026-01-02', requests: 2, input_tokens: 3, output_tokens: 4, cost_usd: 0.00025, cost_unknown_requests: 1 }]);
  });

  it.each([
    ['2026-01-02', Date.UTC(2026, 0, 2)],
    ['2026-01-02T14:00:00+02:00', JAN_2],
    ['2026-01-02T12:00Z', JAN_2],
    ['2026-01-02T12:00:00.250Z', JAN_2 + 250],
    ['0', 0],
  ])('reads from=%s as epoch ms %d', async (from, expected) => {
    const { body } = await usage(`group_by=day&from=${encodeURIComponent(from)}`);
    expect(body.from).toBe(new Date(expected).toISOString());
  });

  it('treats an empty from or to as no bound', async () => {
    const { body } = await usage('group_by=day&from=&to=');
    expect(body).toMatchObject({ from: null, to: null });
    expect(body.data.map((entry) => entry.day)).toEqual(['2026-01-01', '2026-01-02']);
  });

  it.each([
    ['', 'group_by'],
    ['group_by=', 'group_by'],
    ['group_by=Key', 'group_by'],
    ['group_by=team_id', 'group_by'],
    ['group_by=day&from=yesterday', 'from'],
    ['group_by=day&to=-5', 'to'],
    ['group_by=day&from=March%207', 'from'],
    ['group_by=day&from=2026-02-30', 'from'],
    ['group_by=day&from=2026-01-02T12:00', 'from'],
    ['group_by=day&to=1.5', 'to'],
    ['group_by=day&to=99999999999999999', 'to'],
    ['group_by=day&from=2026-01-03&to=2026-01-02', 'from'],
  ])('refuses %j naming the parameter %s', async (query, param) => {
    await expect(usage(query)).rejects.toMatchObject({ name: 'GatewayError', code: 'GW_INVALID_REQUEST', status: 400, param });
  });
});
