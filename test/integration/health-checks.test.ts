import { once } from 'node:events';
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MASTER_KEY } from './support/gateway-config.js';
import { startGateway } from './support/start-gateway.js';
import type { RunningGateway } from './support/start-gateway.js';
import { startMockUpstream } from './support/mock-upstream.js';
import type { MockUpstream } from './support/mock-upstream.js';

/** A loopback OpenAI-style server whose answer to the health-check model the test flips. */
interface FlippableUpstream {
  url: string;
  healthy: boolean;
  received: { model: string; headers: IncomingHttpHeaders; body: Record<string, unknown> }[];
  close(): Promise<void>;
}

async function startFlippableUpstream(): Promise<FlippableUpstream> {
  const state: Omit<FlippableUpstream, 'url' | 'close'> = { healthy: false, received: [] };
  const server: Server = createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const part of request) chunks.push(part as Buffer);
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
    const model = String(body.model);
    state.received.push({ model, headers: request.headers, body });
    if (model === 'probe' && !state.healthy) {
      response.writeHead(503, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ error: { message: 'flappy is down', type: 'server_error', code: null } }));
      return;
    }
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ id: 'c', object: 'chat.completion', created: 1, model, choices: [{ index: 0, message: { role: 'assistant', content: 'hi' }, finish_reason: 'stop' }] }));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const upstream = state as FlippableUpstream;
  upstream.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  upstream.close = async () => {
    server.closeAllConnections();
    server.close();
    await once(server, 'close');
  };
  return upstream;
}

let upstream: MockUpstream;
let flappy: FlippableUpstream;
let gateway: RunningGateway;

const config = (brokenCheck: string) => `
auth: { master_key: ${MASTER_KEY} }
storage: { database: "sqlite::memory:" }
request_log: { flush_interval_ms: 20 }
providers:
  flappy: { type: openai-compatible, base_url: "${flappy.url}/v1", api_key: "sk-flappy", health_check: { interval_s: 1, model: probe, timeout_ms: 2000 } }
  steady: { type: openai-compatible, base_url: "${upstream.url}/v1", api_key: "sk-upstream-key", health_check: { interval_s: 1, model: steady-probe } }
  broken: { type: openai-compatible, base_url: "${upstream.url}/v1", api_key: "sk-upstream-key"${brokenCheck} }
  unchecked: { type: openai-compatible, base_url: "${upstream.url}/v1", api_key: "sk-upstream-key" }
  hanging: { type: openai-compatible, base_url: "${upstream.url}/v1", api_key: "sk-upstream-key", health_check: { interval_s: 1, model: hang, timeout_ms: 600000 } }
models:
  primary: { strategy: priority, retries: 0, targets: [{ provider: flappy, model: work }, { provider: steady, model: steady-work }] }
  second: { strategy: priority, retries: 0, targets: [{ provider: broken, model: broken-work }, { provider: steady, model: steady-work }] }
  lonely: { retries: 0, targets: [{ provider: broken, model: lonely-work }] }
`;

beforeAll(async () => {
  upstream = await startMockUpstream();
  flappy = await startFlippableUpstream();
  gateway = await startGateway(config(', health_check: { interval_s: 1, model: fail-503 }'));
});

afterAll(async () => {
  await gateway?.stop();
  await upstream?.close();
  await flappy?.close();
});

interface ConnectionEntry {
  provider: string;
  checked: boolean;
  status: string;
  checked_at: string | null;
  last_error: string | null;
  consecutive_failures: number;
}

async function connections(): Promise<Record<string, ConnectionEntry>> {
  const response = await fetch(`${gateway.url}/admin/health`, { headers: { authorization: `Bearer ${MASTER_KEY}` } });
  expect(response.status).toBe(200);
  const body = (await response.json()) as { connections: ConnectionEntry[] };
  return Object.fromEntries(body.connections.map((entry) => [entry.provider, entry]));
}

async function waitFor(check: (entries: Record<string, ConnectionEntry>) => boolean): Promise<Record<string, ConnectionEntry>> {
  const deadline = Date.now() + 4000;
  for (;;) {
    const entries = await connections();
    if (check(entries)) return entries;
    if (Date.now() > deadline) throw new Error(`health never settled: ${JSON.stringify(entries)}`);
    await sleep(50);
  }
}

async function ask(model: string): Promise<{ status: number; provider: string | null }> {
  const response = await fetch(`${gateway.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${MASTER_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model, messages: [{ role: 'user', content: 'hi' }] }),
  });
  await response.arrayBuffer();
  return { status: response.status, provider: response.headers.get('x-switchyard-provider') };
}

describe('active health checks (real process, loopback upstreams)', () => {
  it('marks failing connections down, routes around them, and back once they answer', async () => {
    const down = await waitFor((entries) => entries.flappy!.status === 'down' && entries.broken!.status === 'down' && entries.steady!.status === 'up');
    expect(down.flappy).toMatchObject({ checked: true, status: 'down', last_error: expect.any(String) });
    expect(down.flappy!.consecutive_failures).toBeGreaterThanOrEqual(1);
    expect(Date.parse(down.flappy!.checked_at!)).toBeGreaterThan(Date.now() - 5000);
    expect(down.broken!.last_error).not.toContain('sk-upstream-secret');
    expect(down.steady).toMatchObject({ checked: true, status: 'up', last_error: null, consecutive_failures: 0 });
    expect(down.unchecked).toEqual({ provider: 'unchecked', checked: false, status: 'unknown', checked_at: null, last_error: null, consecutive_failures: 0 });

    // The probe is the minimal chat request, signed like real traffic.
    const probe = flappy.received.find((request) => request.model === 'probe')!;
    expect(probe.body).toEqual({ model: 'probe', messages: [{ role: 'user', content: 'ping' }], max_tokens: 1 });
    expect(probe.headers.authorization).toBe('Bearer sk-flappy');

    // Down: the plan tries the other connection first; a model with nothing else still answers.
    expect(await ask('primary')).toEqual({ status: 200, provider: 'steady' });
    expect(flappy.received.some((request) => request.model === 'work')).toBe(false);
    expect(await ask('lonely')).toEqual({ status: 200, provider: 'broken' });

    flappy.healthy = true;
    const up = await waitFor((entries) => entries.flappy!.status === 'up');
    expect(up.flappy).toMatchObject({ status: 'up', last_error: null, consecutive_failures: 0 });
    expect(await ask('primary')).toEqual({ status: 200, provider: 'flappy' });

    // Probes are not traffic: the request log holds only the three requests above.
    const logs = await fetch(`${gateway.url}/admin/logs?limit=50`, { headers: { authorization: `Bearer ${MASTER_KEY}` } });
    const rows = ((await logs.json()) as { data: { model: string | null }[] }).data;
    expect(rows.map((row) => row.model).sort()).toEqual(['lonely', 'primary', 'primary']);
  });

  it('follows a reload that turns a check off', async () => {
    await waitFor((entries) => entries.broken!.status === 'down');
    expect(await ask('second')).toEqual({ status: 200, provider: 'steady' });
    writeFileSync(gateway.configPath, config(''));
    const reloaded = await fetch(`${gateway.url}/admin/reload`, { method: 'POST', headers: { authorization: `Bearer ${MASTER_KEY}` } });
    expect(reloaded.status).toBe(200);
    await reloaded.arrayBuffer();
    expect((await connections()).broken).toMatchObject({ checked: false, status: 'unknown', consecutive_failures: 0 });
    // Its old verdict no longer steers routing.
    expect(await ask('second')).toEqual({ status: 200, provider: 'broken' });
  });

  it('shuts down at once, aborting a probe still waiting for its answer', async () => {
    expect((await connections()).hanging).toMatchObject({ checked: true, status: 'unknown' });
    const hangsAborted = () => upstream.aborted.filter((model) => model === 'hang').length;
    const abortedBefore = hangsAborted();
    const startedAt = Date.now();
    await gateway.stop();
    expect(await gateway.exited()).toBe(0);
    expect(Date.now() - startedAt).toBeLessThan(3000);
    await sleep(50);
    expect(hangsAborted()).toBe(abortedBefore + 1);
  });
});
