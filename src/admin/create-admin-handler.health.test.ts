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
  health: () => [],
  connections: () => [
    { provider: 'a', checked: true, status: 'down', checkedAt: Date.UTC(2026, 0, 1), lastError: 'a said 503', consecutiveFailures: 2 },
    { provider: 'b', checked: false, status: 'unknown', checkedAt: undefined, lastError: undefined, consecutiveFailures: 0 },
  ],
});

describe('GET /admin/health, active health checks', () => {
  it('lists every provider connection with its latest check beside the deployments', async () => {
    const answer = await handler({ method: 'GET', path: '/health', query: new URLSearchParams(), body: {}, actor: { keyId: 'master', userId: undefined }, clientIp: '127.0.0.1' });
    expect(answer).toEqual({
      status: 200,
      body: {
        object: 'list',
        data: [],
        connections: [
          { provider: 'a', checked: true, status: 'down', checked_at: '2026-01-01T00:00:00.000Z', last_error: 'a said 503', consecutive_failures: 2 },
          { provider: 'b', checked: false, status: 'unknown', checked_at: null, last_error: null, consecutive_failures: 0 },
        ],
      },
    });
  });
});
