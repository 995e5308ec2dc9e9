import { once } from 'node:events';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MASTER_KEY } from './support/gateway-config.js';
import { startGateway } from './support/start-gateway.js';
import type { RunningGateway } from './support/start-gateway.js';

interface Deployment {
  url: string;
  /** Model names of the requests it received, in order. */
  models: string[];
  server: Server;
}

/** An OpenAI-compatible upstream that waits `delayMs` before its response headers. */
async function startDeployment(delayMs: number): Promise<Deployment> {
  const models: string[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (part: Buffer) => chunks.push(part));
    request.on('end', () => {
      const model = String((JSON.parse(Buffer.concat(chunks).toString('utf8')) as { model?: unknown }).model);
      models.push(model);
      setTimeout(() => {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ id: 'c', object: 'chat.completion', created: 1, model, choices: [{ index: 0, message: { role: 'assistant', content: 'ok' }, finish_reason: 'stop' }], usage: { prompt_tokens: 3, completion_tokens: 1, total_tokens: 4 } }));
      }, delayMs);
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, models, server };
}

let fast: Deployment;
let slow: Deployment;
let gateway: RunningGateway;

beforeAll(async () => {
  fast = await startDeployment(0);
  slow = await startDeployment(40);
  gateway = await startGateway(`
auth: { master_key: ${MASTER_KEY} }
storage: { database: "sqlite::memory:" }
providers:
  fast: { type: openai-compatible, base_url: "${fast.url}/v1" }
  slow: { type: openai-compatible, base_url: "${slow.url}/v1" }
models:
  quickest:
    strategy: least-latency
    targets: [{ provider: slow, model: s-latency }, { provider: fast, model: f-latency }]
  turns:
    strategy: round-robin
    targets: [{ provider: fast, model: f-turn }, { provider: slow, model: s-turn }]
`);
});

afterAll(async () => {
  await gateway?.stop();
  for (const deployment of [fast, slow]) {
    deployment?.server.closeAllConnections();
    deployment?.server.close();
  }
});

async function ask(model: string): Promise<void> {
  const response = await fetch(`${gateway.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${MASTER_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model, messages: [{ role: 'user', content: 'hi' }] }),
  });
  expect(response.status).toBe(200);
  await response.arrayBuffer();
}

const served = (deployment: Deployment, model: string) => deployment.models.filter((name) => name === model).length;

describe('routing strategies (real process, two loopback deployments)', () => {
  it('least-latency sends most traffic to the deployment that answers 40 ms sooner', async () => {
    // Warm-up: each unmeasured deployment is tried once.
    for (let request = 0; request < 4; request += 1) await ask('quickest');
    expect(served(fast, 'f-latency')).toBeGreaterThanOrEqual(1);
    expect(served(slow, 's-latency')).toBeGreaterThanOrEqual(1);
    const before = { fast: served(fast, 'f-latency'), slow: served(slow, 's-latency') };
    for (let request = 0; request < 50; request += 1) await ask('quickest');
    const toFast = served(fast, 'f-latency') - before.fast;
    expect(toFast + served(slow, 's-latency') - before.slow).toBe(50);
    expect(toFast).toBeGreaterThanOrEqual(40);
  });

  it('round-robin alternates between the deployments', async () => {
    const order: string[] = [];
    for (let request = 0; request < 6; request += 1) {
      const counts = [served(fast, 'f-turn'), served(slow, 's-turn')];
      await ask('turns');
      order.push(served(fast, 'f-turn') > counts[0]! ? 'fast' : served(slow, 's-turn') > counts[1]! ? 'slow' : 'none');
    }
    expect(order).toEqual(['fast', 'slow', 'fast', 'slow', 'fast', 'slow']);
  });
});
