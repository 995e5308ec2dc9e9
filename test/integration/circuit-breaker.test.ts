import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MASTER_KEY } from './support/gateway-config.js';
import { startGateway } from './support/start-gateway.js';
import type { RunningGateway } from './support/start-gateway.js';
import { startMockUpstream } from './support/mock-upstream.js';
import type { MockUpstream } from './support/mock-upstream.js';

let upstream: MockUpstream;
let gateway: RunningGateway;

beforeAll(async () => {
  upstream = await startMockUpstream();
  gateway = await startGateway(`
auth: { master_key: ${MASTER_KEY} }
storage: { database: "sqlite::memory:" }
providers:
  up: { type: openai-compatible, base_url: "${upstream.url}/v1", api_key: "sk-upstream-key" }
models:
  guarded:
    strategy: priority
    retries: 0
    circuit_breaker: { failures: 3, window_ms: 10000, cooldown_ms: 300 }
    targets: [{ provider: up, model: fail-500 }, { provider: up, model: steady }]
`);
});

afterAll(async () => {
  await gateway?.stop();
  await upstream?.close();
});

async function ask(): Promise<number> {
  const response = await fetch(`${gateway.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${MASTER_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'guarded', messages: [{ role: 'user', content: 'hi' }] }),
  });
  await response.arrayBuffer();
  return response.status;
}

async function health(): Promise<Record<string, { circuit: string; failures_in_window: number; open_until: string | null; in_flight: number }>> {
  const response = await fetch(`${gateway.url}/admin/health`, { headers: { authorization: `Bearer ${MASTER_KEY}` } });
  expect(response.status).toBe(200);
  const body = (await response.json()) as { data: { deployment: string; circuit: string; failures_in_window: number; open_until: string | null; in_flight: number }[] };
  return Object.fromEntries(body.data.map((entry) => [entry.deployment, entry]));
}

const failingCalls = () => upstream.received.filter((request) => request.body.model === 'fail-500').length;

describe('circuit breaker (real process, loopback upstream)', () => {
  it('opens after the failures, skips the deployment, and probes it after the cooldown', async () => {
    for (let request = 0; request < 3; request += 1) expect(await ask()).toBe(200);
    expect(failingCalls()).toBe(3);
    const open = await health();
    expect(open['up/fail-500']).toMatchObject({ circuit: 'open', failures_in_window: 3, in_flight: 0 });
    expect(Date.parse(open['up/fail-500']!.open_until!)).toBeGreaterThan(Date.now() - 1000);
    expect(open['up/steady']).toMatchObject({ circuit: 'closed', failures_in_window: 0 });

    // Open: every request goes to the healthy deployment first and is answered there.
    for (let request = 0; request < 4; request += 1) expect(await ask()).toBe(200);
    expect(failingCalls()).toBe(3);

    await sleep(400);
    expect((await health())['up/fail-500']!.circuit).toBe('half-open');
    // The one probe goes through, fails, and reopens the breaker; the caller is still answered.
    expect(await ask()).toBe(200);
    expect(failingCalls()).toBe(4);
    expect((await health())['up/fail-500']!.circuit).toBe('open');
    expect(await ask()).toBe(200);
    expect(failingCalls()).toBe(4);
  });

  it('needs the master key', async () => {
    const response = await fetch(`${gateway.url}/admin/health`);
    expect(response.status).toBe(401);
    await response.arrayBuffer();
  });
});
