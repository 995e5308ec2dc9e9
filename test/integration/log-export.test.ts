import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCaptureServer } from './support/capture-server.js';
import type { CaptureServer } from './support/capture-server.js';
import { MASTER_KEY } from './support/gateway-config.js';
import { startGateway } from './support/start-gateway.js';
import type { RunningGateway } from './support/start-gateway.js';

let sink: CaptureServer;
let gateway: RunningGateway | undefined;
const directory = mkdtempSync(join(tmpdir(), 'switchyard-export-'));

const config = (sinkUrl: string) => `
auth: { master_key: ${MASTER_KEY} }
storage: { database: "sqlite:${join(directory, 'switchyard.db')}" }
request_log: { flush_interval_ms: 20 }
observability:
  log_export: { url: "${sinkUrl}/ingest", headers: { authorization: "Bearer export-token" }, batch_size: 3, flush_interval_ms: 100 }
providers: { demo: { type: mock } }
models: { echo: { targets: [{ provider: demo, model: mock-echo }] } }
`;

async function chat(text: string): Promise<string> {
  const response = await fetch(`${gateway!.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${MASTER_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'echo', messages: [{ role: 'user', content: text }] }),
  });
  expect(response.status).toBe(200);
  await response.arrayBuffer();
  return response.headers.get('x-switchyard-request-id')!;
}

/** Request ids shipped so far, in arrival order (a batch re-sent after a crash may repeat). */
function shippedIds(): string[] {
  return sink.posts.flatMap((post) => (JSON.parse(post.body) as { rows: { request_id: string }[] }).rows.map((row) => row.request_id));
}

beforeAll(async () => {
  sink = await startCaptureServer();
});

afterAll(async () => {
  await gateway?.stop();
  await sink?.close();
});

describe('log export', () => {
  it('ships request-log rows in batches with the configured headers', async () => {
    gateway = await startGateway(config(sink.url));
    const ids = [await chat('a'), await chat('b'), await chat('c'), await chat('d')];
    await expect.poll(() => ids.every((id) => shippedIds().includes(id)), { timeout: 5000 }).toBe(true);
    expect(sink.posts[0]!.path).toBe('/ingest');
    expect(sink.posts[0]!.headers.authorization).toBe('Bearer export-token');
    const rows = sink.posts.flatMap((post) => (JSON.parse(post.body) as { rows: { request_id: string; model: string; status: number }[] }).rows);
    expect(rows.find((row) => row.request_id === ids[0])).toMatchObject({ model: 'echo', status: 200 });
    expect(Math.max(...sink.posts.map((post) => (JSON.parse(post.body) as { rows: unknown[] }).rows.length))).toBeLessThanOrEqual(3);
  });

  it('keeps rows through a sink outage and ships them when it answers again', async () => {
    sink.answerWith(503);
    const ids = [await chat('outage 1'), await chat('outage 2'), await chat('outage 3')];
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(ids.some((id) => shippedIds().includes(id))).toBe(false);
    sink.answerWith(200);
    await expect.poll(() => ids.every((id) => shippedIds().includes(id)), { timeout: 10_000 }).toBe(true);
  });

  it('loses nothing across a restart while the sink is down', async () => {
    await sink.close();
    const ids = [await chat('before restart 1'), await chat('before restart 2'), await chat('before restart 3'), await chat('before restart 4')];
    await gateway!.stop();
    expect(await gateway!.exited()).toBe(0);
    await sink.listen();
    gateway = await startGateway(config(sink.url));
    await expect.poll(() => ids.every((id) => shippedIds().includes(id)), { timeout: 10_000 }).toBe(true);
    const metrics = await (await fetch(`${gateway.url}/metrics`, { headers: { authorization: `Bearer ${MASTER_KEY}` } })).text();
    expect(metrics).toMatch(/^switchyard_log_export_queue_depth \d+$/m);
    expect(metrics).toMatch(/^switchyard_log_export_dropped_total 0$/m);
  });
});
