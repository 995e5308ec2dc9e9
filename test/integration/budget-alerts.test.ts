import { once } from 'node:events';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MASTER_KEY } from './support/gateway-config.js';
import { startGateway } from './support/start-gateway.js';
import type { RunningGateway } from './support/start-gateway.js';

let hook: Server;
const received: Record<string, unknown>[] = [];
let gateway: RunningGateway;

beforeAll(async () => {
  hook = createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    received.push(JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>);
    response.writeHead(204).end();
  });
  hook.listen(0, '127.0.0.1');
  await once(hook, 'listening');
  const url = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/hook/SECRET-TOKEN`;
  // 100 USD per million tokens = 100 micro-dollars a token; the mock reports word counts.
  gateway = await startGateway(`
auth: { master_key: ${MASTER_KEY} }
storage: { database: "sqlite::memory:" }
budgets: { alert_thresholds: [50, 80, 100], alert_webhooks: ["${url}"] }
providers: { demo: { type: mock } }
models: { priced: { targets: [{ provider: demo, model: mock-echo, input_cost_per_mtok: 100, output_cost_per_mtok: 100 }] } }
`);
});

afterAll(async () => {
  await gateway?.stop();
  hook?.close();
});

async function ask(key: string): Promise<number> {
  const response = await fetch(`${gateway.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'priced', max_tokens: 5, messages: [{ role: 'user', content: 'hi' }] }),
  });
  await response.arrayBuffer();
  return response.status;
}

describe('budget alerts (real process, loopback webhook)', () => {
  it('posts each crossed threshold once per period, and 100% when the budget refuses', async () => {
    const created = await fetch(`${gateway.url}/admin/keys`, {
      method: 'POST',
      headers: { authorization: `Bearer ${MASTER_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'alerting', budget_usd: 0.001, budget_period: 'monthly' }),
    });
    const key = (await created.json()) as { id: string; key: string };
    // Each answer costs 300 micro-dollars ("hi": 1 prompt token, "echo: hi": 2 output tokens);
    // each reservation is 600 (1 token + max_tokens 5). Budget: 1,000.
    expect(await ask(key.key)).toBe(200); // 300 spent
    expect(await ask(key.key)).toBe(200); // 600: crosses 50%
    expect(await ask(key.key)).toBe(429); // 600 + 600 > 1,000: refused, 100%
    expect(await ask(key.key)).toBe(429); // refused again: no second alert
    const deadline = Date.now() + 3000;
    while (received.length < 2 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 25));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(received.map((alert) => alert.threshold_percent)).toEqual([50, 100]);
    expect(received[0]).toMatchObject({ type: 'budget_threshold', scope: 'key', id: key.id, spent_usd: 0.0006, limit_usd: 0.001, period: expect.stringMatching(/^m\d{4}-\d{2}$/) });
    expect(String(received[0]!.text)).toContain('reached 50% of its budget');
  });

  it('never shows the webhook token in GET /admin/config', async () => {
    const config = await (await fetch(`${gateway.url}/admin/config`, { headers: { authorization: `Bearer ${MASTER_KEY}` } })).text();
    expect(config).toContain('alert_webhooks');
    expect(config).not.toContain('SECRET-TOKEN');
  });
});
