import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { rmSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MASTER_KEY } from './support/gateway-config.js';
import { startGateway } from './support/start-gateway.js';
import type { RunningGateway } from './support/start-gateway.js';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

function redisReachable(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect({ host: hostname, port: Number(port || 6379), timeout: 1000 });
    const done = (reachable: boolean) => {
      socket.destroy();
      resolve(reachable);
    };
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
    socket.once('timeout', () => done(false));
  });
}

const reachable = await redisReachable(REDIS_URL);
if (!reachable && process.env.CI) throw new Error(`Redis is not reachable at ${REDIS_URL}; CI must start redis-server and export REDIS_URL.`);
if (!reachable) console.warn(`limits-redis: skipped, no Redis at ${REDIS_URL} (start redis-server or set REDIS_URL).`);

// $1,000 per million tokens both ways: 1,000 micro-dollars a token. The mock answers
// "echo: hi" to "hi": 1 input and 2 output tokens, $0.003. The worst case reserved is
// the prompt ("hi": 1 o200k token) plus max_tokens 10: $0.011.
const BUDGET_USD = 0.1;
const MAX_TOKENS = 10;
const WORST_CASE_USD = (1 + MAX_TOKENS) * 0.001;

const database = join(tmpdir(), `switchyard-limits-redis-${process.pid}-${Date.now()}.db`);
const config = `
auth: { master_key: ${MASTER_KEY} }
storage: { database: "sqlite:${database}", redis: "${REDIS_URL}" }
request_log: { flush_interval_ms: 20 }
providers: { demo: { type: mock } }
models:
  priced:
    retries: 0
    targets: [{ provider: demo, model: mock-echo, input_cost_per_mtok: 1000, output_cost_per_mtok: 1000 }]
  free: { targets: [{ provider: demo, model: mock-echo }] }
`;

let a: RunningGateway;
let b: RunningGateway;

beforeAll(async () => {
  if (!reachable) return;
  // One after the other: the first applies the migrations to the shared file.
  a = await startGateway(config);
  b = await startGateway(config);
});

afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${database}${suffix}`, { force: true });
});

interface Answer {
  status: number;
  body: { error?: { code: string | null } } & Record<string, unknown>;
}

async function call(url: string, method: string, path: string, credential: string, body?: unknown): Promise<Answer> {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: { authorization: `Bearer ${credential}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text === '' ? {} : (JSON.parse(text) as Answer['body']) };
}

const chat = (url: string, key: string, model: string) =>
  call(url, 'POST', '/v1/chat/completions', key, { model, max_tokens: MAX_TOKENS, messages: [{ role: 'user', content: 'hi' }] });

async function createKey(fields: Record<string, unknown>): Promise<{ id: string; key: string }> {
  const created = await call(a.url, 'POST', '/admin/keys', MASTER_KEY, { name: `redis-${Math.random().toString(36).slice(2)}`, ...fields });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return created.body as unknown as { id: string; key: string };
}

interface LogRow {
  status: number;
  cost_usd: number | null;
}

/** The key's request log rows, once all `count` are written (both instances write the shared log in batches). */
async function loggedRows(keyId: string, count: number): Promise<LogRow[]> {
  let rows: LogRow[] = [];
  await expect
    .poll(
      async () => {
        rows = ((await call(a.url, 'GET', `/admin/logs?key_id=${keyId}&limit=1000`, MASTER_KEY)).body.data ?? []) as LogRow[];
        return rows.length;
      },
      { timeout: 5000, interval: 50 },
    )
    .toBe(count);
  return rows;
}

const sumCost = (rows: readonly LogRow[]) => rows.reduce((total, row) => total + (row.cost_usd ?? 0), 0);

/** `count` concurrent requests, alternating between the two instances. */
function burst(count: number, key: string, model: string): Promise<Answer[]> {
  return Promise.all(Array.from({ length: count }, (_, index) => chat(index % 2 === 0 ? a.url : b.url, key, model)));
}

async function awaitRoomInWindow(neededMs: number): Promise<void> {
  const left = 60_000 - (Date.now() % 60_000);
  if (left < neededMs) await new Promise((resolve) => setTimeout(resolve, left + 50));
}

describe.skipIf(!reachable)('limits across two instances sharing Redis', () => {
  it(`200 concurrent requests against a $${BUDGET_USD} budget: each is 200 or budget_exceeded, and settled spend stays within budget + one worst case`, async () => {
    const { id, key } = await createKey({ budget_usd: BUDGET_USD });
    const answers = await burst(200, key, 'priced');
    const outcomes = answers.map((answer) => (answer.status === 200 ? 'ok' : `${answer.status} ${answer.body.error?.code}`));
    expect(outcomes.filter((outcome) => outcome !== 'ok' && outcome !== '429 budget_exceeded')).toEqual([]);
    const succeeded = outcomes.filter((outcome) => outcome === 'ok').length;
    expect(succeeded).toBeGreaterThan(0);
    expect(succeeded).toBeLessThan(200);

    const logged = await loggedRows(id, 200);
    expect(logged.filter((row) => row.status === 200)).toHaveLength(succeeded);
    const spent = sumCost(logged);
    expect(spent).toBeGreaterThan(0);
    expect(spent).toBeLessThanOrEqual(BUDGET_USD + WORST_CASE_USD + 1e-9);

    // Once nothing is in flight no reservation may linger: sequential requests go through
    // until what is left cannot hold one worst case, and not a request earlier.
    let sent = 200;
    let next: Answer;
    do {
      next = await chat(sent % 2 === 0 ? a.url : b.url, key, 'priced');
      sent += 1;
    } while (next.status === 200 && sent < 260);
    expect(next.body.error?.code).toBe('budget_exceeded');
    const settled = sumCost(await loggedRows(id, sent));
    expect(settled).toBeLessThanOrEqual(BUDGET_USD + WORST_CASE_USD + 1e-9);
    expect(BUDGET_USD - settled).toBeLessThan(WORST_CASE_USD);
  });

  it('an rpm_limit of 60 admits exactly 60 of 100 concurrent requests split over both instances', async () => {
    await awaitRoomInWindow(5000);
    const { key } = await createKey({ rpm_limit: 60 });
    const answers = await burst(100, key, 'free');
    const statuses = answers.map((answer) => answer.status);
    expect(statuses.filter((status) => status === 200)).toHaveLength(60);
    expect(answers.filter((answer) => answer.status === 429 && answer.body.error?.code === 'rate_limit_exceeded')).toHaveLength(40);
  });

  it('a key created on A works on B; revoked on A, it is refused on B within 1 s', async () => {
    const { id, key } = await createKey({});
    // B has the key cached after this.
    expect((await chat(b.url, key, 'free')).status).toBe(200);
    expect((await chat(b.url, key, 'free')).status).toBe(200);
    expect((await call(a.url, 'DELETE', `/admin/keys/${id}`, MASTER_KEY)).status).toBe(200);
    const revokedAt = performance.now();
    let status = 200;
    while (status === 200 && performance.now() - revokedAt < 3000) {
      status = (await chat(b.url, key, 'free')).status;
      if (status === 200) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const elapsed = performance.now() - revokedAt;
    expect(status).toBe(401);
    expect(elapsed).toBeLessThan(1000);
  });
});

/** A port that was free a moment ago (redis-server cannot be told to pick one). */
async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  server.close();
  await once(server, 'close');
  return port;
}

async function startPrivateRedis(): Promise<{ url: string; process: ChildProcess } | undefined> {
  const port = await freePort();
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  const failed = new Promise<boolean>((resolve) => child.once('error', () => resolve(true)));
  const url = `redis://127.0.0.1:${port}`;
  for (let attempt = 0; attempt < 40; attempt += 1) {
    if (await Promise.race([failed, new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 50))])) return undefined;
    if (await redisReachable(url)) return { url, process: child };
  }
  child.kill('SIGKILL');
  return undefined;
}

// A Redis of its own, killed mid-test: the shared one must stay up for everything else.
describe('when Redis goes away after start', () => {
  let redis: { url: string; process: ChildProcess } | undefined;
  let gateway: RunningGateway | undefined;
  let limited: { id: string; key: string };
  let open: { id: string; key: string };

  beforeAll(async () => {
    redis = await startPrivateRedis();
    if (!redis) {
      if (process.env.CI) throw new Error('redis-server could not be started; CI must install it.');
      return;
    }
    gateway = await startGateway(`
auth: { master_key: ${MASTER_KEY} }
storage: { database: "sqlite::memory:", redis: "${redis.url}" }
providers: { demo: { type: mock } }
models: { free: { targets: [{ provider: demo, model: mock-echo }] } }
`);
    const make = async (fields: Record<string, unknown>) =>
      (await call(gateway!.url, 'POST', '/admin/keys', MASTER_KEY, { name: 'outage', ...fields })).body as unknown as { id: string; key: string };
    limited = await make({ rpm_limit: 1000 });
    open = await make({});
    expect((await chat(gateway.url, limited.key, 'free')).status).toBe(200);
    expect((await chat(gateway.url, open.key, 'free')).status).toBe(200);
    redis.process.kill('SIGKILL');
    await once(redis.process, 'exit');
  });

  afterAll(async () => {
    await gateway?.stop();
    redis?.process.kill('SIGKILL');
  });

  it('requests with limits get 503 unavailable; requests without limits go on', async (context) => {
    if (!gateway) context.skip();
    const refused = await chat(gateway!.url, limited.key, 'free');
    expect(refused.status).toBe(503);
    expect(refused.body.error?.code).toBe('unavailable');
    expect((await chat(gateway!.url, open.key, 'free')).status).toBe(200);
  });

  it('rotating a key while Redis is down leaves one working secret', async (context) => {
    if (!gateway) context.skip();
    const rotated = await call(gateway!.url, 'POST', `/admin/keys/${open.id}/rotate`, MASTER_KEY);
    const fresh = typeof rotated.body.key === 'string' ? (await chat(gateway!.url, rotated.body.key, 'free')).status : undefined;
    const old = (await chat(gateway!.url, open.key, 'free')).status;
    expect([fresh, old]).toContain(200);
  });
});
