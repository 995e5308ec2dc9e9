import { describe, expect, it } from 'vitest';
import type { ConfigSnapshot } from '../config/index.js';
import type { RequestAnalyticsStore, RequestLogStore } from '../storage/ports.js';
import { createAdminHandler } from './create-admin-handler.js';

const handler = createAdminHandler({
  requestLog: {} as RequestLogStore,
  analytics: {} as RequestAnalyticsStore,
  now: () => 0,
  flushRequestLog: () => Promise.resolve(),
  reload: () => ({ ok: false, problems: [] }),
  snapshot: () => ({}) as ConfigSnapshot,
  health: () => [
    { deployment: 'up/a', provider: 'up', model: 'a', models: ['m'], state: 'open', failuresInWindow: 5, openUntil: Date.UTC(2026, 0, 1), ttfbMs: 12.345, inFlight: 1 },
    { deployment: 'up/b', provider: 'up', model: 'b', models: ['m'], state: 'closed', failuresInWindow: 0, openUntil: undefined, ttfbMs: undefined, inFlight: 0 },
  ],
});

describe('GET /admin/health', () => {
  it('lists every deployment with its breaker and statistics', async () => {
    const answer = await handler({ method: 'GET', path: '/health', query: new URLSearchParams(), body: {}, actor: { keyId: 'master', userId: undefined }, clientIp: '127.0.0.1' });
    expect(answer).toEqual({
      status: 200,
      body: {
        object: 'list',
        data: [
          { deployment: 'up/a', provider: 'up', model: 'a', models: ['m'], circuit: 'open', failures_in_window: 5, open_until: '2026-01-01T00:00:00.000Z', ttfb_ms: 12.3, in_flight: 1 },
          { deployment: 'up/b', provider: 'up', model: 'b', models: ['m'], circuit: 'closed', failures_in_window: 0, open_until: null, ttfb_ms: null, in_flight: 0 },
        ],
      },
    });
  });

  it('refuses other methods', async () => {
    await expect(handler({ method: 'POST', path: '/health', query: new URLSearchParams(), body: {}, actor: { keyId: 'master', userId: undefined }, clientIp: '127.0.0.1' })).rejects.toMatchObject({ code: 'GW_METHOD_NOT_ALLOWED' });
  });
});
