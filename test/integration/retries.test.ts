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
  half-broken:
    strategy: priority
    backoff: { base_ms: 1, max_ms: 10 }
    targets: [{ provider: up, model: flaky-500 }, { provider: up, model: steady }]
  patient:
    retry_after_cap_ms: 5000
    backoff: { base_ms: 1, max_ms: 10 }
    targets: [{ provider: up, model: flaky-429-retry-1 }]
  impatient:
    retry_after_cap_ms: 500
    backoff: { base_ms: 1, max_ms: 10 }
    targets: [{ provider: up, model: fail-429-retry-2 }]
  deadline:
    timeout_ms: 300
    targets: [{ provider: up, model: hang }]
  first-byte:
    retries: 0
    first_byte_timeout_ms: 200
    targets: [{ provider: up, model: hang }]
`);
});

afterAll(async () => {
  await gateway?.stop();
  await upstream?.close();
});

function ask(model: string): Promise<Response> {
  return fetch(`${gateway.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${MASTER_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model, messages: [{ role: 'user', content: 'hi' }] }),
  });
}

const receivedFor = (model: string) => upstream.received.filter((request) => request.body.model === model);

describe('retries (real process, loopback upstream)', () => {
  it('hides a deployment that fails every other request behind a healthy one', async () => {
    const attempts: number[] = [];
    for (let request = 0; request < 20; request += 1) {
      const response = await ask('half-broken');
      expect(response.status).toBe(200);
      attempts.push(Number(response.headers.get('x-switchyard-attempts')));
      await response.arrayBuffer();
    }
    expect(receivedFor('flaky-500')).toHaveLength(20);
    expect(attempts.filter((count) => count === 2)).toHaveLength(10);
  });

  it('waits out a Retry-After within the cap before trying the same deployment again', async () => {
    // The upstream fails every other request: the first fails and is retried (the budget
    // starts with a few retries in hand), the retry succeeds.
    const response = await ask('patient');
    expect(response.status).toBe(200);
    expect(response.headers.get('x-switchyard-attempts')).toBe('2');
    await response.arrayBuffer();
    const [failed, retried] = receivedFor('flaky-429-retry-1');
    expect(retried!.receivedAt - failed!.receivedAt).toBeGreaterThanOrEqual(1000);
  });

  it('returns a Retry-After beyond the cap to the caller at once, as 429 with the header', async () => {
    // Six requests with retries in the budget: the cap alone stops every retry.
    for (let request = 0; request < 6; request += 1) {
      const startedAt = performance.now();
      const response = await ask('impatient');
      expect(response.status).toBe(429);
      expect(response.headers.get('retry-after')).toBe('2');
      await response.arrayBuffer();
      expect(performance.now() - startedAt).toBeLessThan(1000);
    }
    expect(receivedFor('fail-429-retry-2')).toHaveLength(6);
  });

  it("ends a request at its model's timeout_ms with 504, closing the upstream call", async () => {
    const startedAt = performance.now();
    const response = await ask('deadline');
    expect(response.status).toBe(504);
    expect(await response.json()).toMatchObject({ error: { code: 'upstream_timeout' } });
    expect(performance.now() - startedAt).toBeLessThan(1500);
    await expect.poll(() => upstream.aborted.includes('hang'), { timeout: 2000 }).toBe(true);
  });

  it("applies the model's first_byte_timeout_ms to each attempt", async () => {
    const startedAt = performance.now();
    const response = await ask('first-byte');
    expect(response.status).toBe(504);
    await response.arrayBuffer();
    expect(performance.now() - startedAt).toBeLessThan(1500);
  });
});
