import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MASTER_KEY } from './support/gateway-config.js';
import { readLogRow } from './support/read-log-row.js';
import { startGateway } from './support/start-gateway.js';
import type { RunningGateway } from './support/start-gateway.js';
import { startMockUpstream } from './support/mock-upstream.js';
import type { MockUpstream } from './support/mock-upstream.js';

let upstream: MockUpstream;
let gateway: RunningGateway;
let fenced: RunningGateway | undefined;
let proxied: RunningGateway | undefined;

// `regional`'s eu deployment fails (mock upstream `fail-503`); its us deployment and its
// fallback's us deployment answer. A caller held to eu-west-1 must only reach eu ones.
beforeAll(async () => {
  upstream = await startMockUpstream();
  gateway = await startGateway(`
auth: { master_key: ${MASTER_KEY} }
storage: { database: "sqlite::memory:" }
request_log: { flush_interval_ms: 20 }
providers:
  demo: { type: mock }
  up: { type: openai-compatible, base_url: "${upstream.url}/v1", api_key: "sk-upstream-key" }
model_groups:
  premium-tier: [premium]
models:
  cheap-small: { targets: [{ provider: demo, model: mock-echo }] }
  cheap-large: { targets: [{ provider: demo, model: mock-echo }] }
  premium: { targets: [{ provider: demo, model: mock-echo }] }
  capped: { rpm_limit: 2, targets: [{ provider: demo, model: mock-echo }] }
  regional:
    strategy: priority
    retries: 0
    circuit_breaker: false
    targets: [{ provider: up, model: fail-503, region: eu-west-1 }, { provider: up, model: steady-us, region: us-east-1 }]
    fallbacks: [regional-backup]
  regional-backup:
    strategy: priority
    circuit_breaker: false
    targets: [{ provider: up, model: backup-us, region: us-east-1 }, { provider: up, model: backup-eu, region: eu-west-1 }]
`);
});

afterAll(async () => {
  await gateway?.stop();
  await fenced?.stop();
  await proxied?.stop();
  await upstream?.close();
});

interface Answer {
  status: number;
  headers: Headers;
  body: { error?: { code: string | null; type: string; message?: string }; choices?: { message: { content: string } }[]; data?: { id: string }[] } & Record<string, unknown>;
  arrivedAt: number;
}

async function call(url: string, method: string, path: string, credential: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: { authorization: `Bearer ${credential}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text === '' ? {} : (JSON.parse(text) as Answer['body']), arrivedAt: performance.now() };
}

const admin = (method: string, path: string, body?: unknown) => call(gateway.url, method, path, MASTER_KEY, body);

function chat(credential: string, model = 'cheap-small', options: { content?: string; headers?: Record<string, string> } = {}): Promise<Answer> {
  return call(gateway.url, 'POST', '/v1/chat/completions', credential, { model, messages: [{ role: 'user', content: options.content ?? 'hi' }] }, options.headers);
}

const unique = (label: string) => `${label}-${Math.random().toString(36).slice(2, 10)}`;

async function createKey(fields: Record<string, unknown>): Promise<{ id: string; key: string }> {
  const created = await admin('POST', '/admin/keys', { name: unique('key'), ...fields });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return created.body as unknown as { id: string; key: string };
}

// Windows are fixed epoch minutes: a burst that straddles a boundary would see two windows.
async function awaitRoomInWindow(neededMs: number): Promise<void> {
  const left = 60_000 - (Date.now() % 60_000);
  if (left < neededMs) await new Promise((resolve) => setTimeout(resolve, left + 50));
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('virtual keys: lifecycle', () => {
  it('creates a team, a user and a key in both; the key works with the official openai client and its secret is shown once', async () => {
    const team = await admin('POST', '/admin/teams', { id: unique('team'), name: 'Platform' });
    expect(team.status).toBe(201);
    const user = await admin('POST', '/admin/users', { id: unique('alice'), name: 'Alice', email: 'alice@example.com', team_id: team.body.id });
    expect(user.status).toBe(201);
    const created = await admin('POST', '/admin/keys', { name: 'notebook', team_id: team.body.id, user_id: user.body.id, metadata: { app: 'nb' } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ key: expect.stringMatching(/^sk-sy-/), team_id: team.body.id, user_id: user.body.id, metadata: { app: 'nb' } });

    const client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: String(created.body.key), maxRetries: 0, timeout: 5000 });
    const { data, response } = await client.chat.completions.create({ model: 'cheap-small', messages: [{ role: 'user', content: 'hello there' }] }).withResponse();
    expect(data.choices[0]?.message.content).toBe('echo: hello there');

    const read = await admin('GET', `/admin/keys/${created.body.id}`);
    expect(read.status).toBe(200);
    expect(JSON.stringify(read.body)).not.toContain(String(created.body.key));
    const listed = await admin('GET', `/admin/keys?team_id=${team.body.id}`);
    expect((listed.body.data ?? []).map((key) => key.id)).toEqual([created.body.id]);

    await expect
      .poll(async () => (await admin('GET', `/admin/logs/${response.headers.get('x-switchyard-request-id')}`)).body, { timeout: 2000, interval: 25 })
      .toMatchObject({ key_id: created.body.id, team_id: team.body.id, user_id: user.body.id, status: 200 });
  });

  it('a revoked key is refused by the next request (401)', async () => {
    const { id, key } = await createKey({});
    expect((await chat(key)).status).toBe(200);
    expect((await admin('DELETE', `/admin/keys/${id}`)).status).toBe(200);
    const refused = await chat(key);
    expect(refused.status).toBe(401);
    expect(refused.body.error?.type).toBe('authentication_error');
  });

  it('rotation: the old secret stops at once, the new one works under the same id', async () => {
    const { id, key } = await createKey({});
    expect((await chat(key)).status).toBe(200);
    const rotated = await admin('POST', `/admin/keys/${id}/rotate`);
    expect(rotated.status).toBe(200);
    expect(rotated.body).toMatchObject({ id, key: expect.stringMatching(/^sk-sy-/) });
    expect(rotated.body.key).not.toBe(key);
    expect((await chat(key)).status).toBe(401);
    expect((await chat(String(rotated.body.key))).status).toBe(200);
  });

  it('a key whose expires_at is set into the past is refused (401)', async () => {
    const { id, key } = await createKey({ expires_at: new Date(Date.now() + 3_600_000).toISOString() });
    expect((await chat(key)).status).toBe(200);
    expect((await admin('PATCH', `/admin/keys/${id}`, { expires_at: new Date(Date.now() - 1000).toISOString() })).status).toBe(200);
    const refused = await chat(key);
    expect(refused.status).toBe(401);
    expect(JSON.stringify(refused.body)).toMatch(/expired/);
  });

  it('a user-role key may not call the admin API (403); an admin-role key may (200)', async () => {
    const user = await createKey({});
    const denied = await call(gateway.url, 'GET', '/admin/keys', user.key);
    expect(denied.status).toBe(403);
    expect(denied.body.error?.code).toBe('forbidden');
    const adminKey = await createKey({ role: 'admin' });
    const allowed = await call(gateway.url, 'GET', '/admin/keys', adminKey.key);
    expect(allowed.status).toBe(200);
    expect((allowed.body.data ?? []).map((key) => key.id)).toContain(user.id);
  });
});

describe('virtual keys: model access', () => {
  it('a glob allows its models, refuses another with 403 forbidden, and /v1/models lists only what it allows', async () => {
    const { key } = await createKey({ models: ['cheap*'] });
    expect((await chat(key, 'cheap-large')).status).toBe(200);
    const refused = await chat(key, 'premium');
    expect(refused.status).toBe(403);
    expect(refused.body.error?.code).toBe('forbidden');
    const listed = await call(gateway.url, 'GET', '/v1/models', key);
    expect((listed.body.data ?? []).map((model) => model.id).sort()).toEqual(['cheap-large', 'cheap-small']);
  });

  it('a model group name grants its members only', async () => {
    const { key } = await createKey({ models: ['premium-tier'] });
    expect((await chat(key, 'premium')).status).toBe(200);
    expect((await chat(key, 'cheap-small')).status).toBe(403);
  });
});

describe('virtual keys: rate limits', () => {
  it('admits exactly rpm_limit requests in the window, then 429 with Retry-After and x-ratelimit headers', async () => {
    await awaitRoomInWindow(5000);
    const { key } = await createKey({ rpm_limit: 3 });
    const remaining: (string | null)[] = [];
    for (let index = 0; index < 3; index += 1) {
      const answer = await chat(key);
      expect(answer.status).toBe(200);
      expect(answer.headers.get('x-ratelimit-limit-requests')).toBe('3');
      expect(answer.headers.get('x-ratelimit-reset-requests')).toMatch(/^\d+(\.\d+)?s$/);
      remaining.push(answer.headers.get('x-ratelimit-remaining-requests'));
    }
    expect(remaining).toEqual(['2', '1', '0']);
    const refused = await chat(key);
    expect(refused.status).toBe(429);
    expect(refused.body.error?.code).toBe('rate_limit_exceeded');
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(refused.headers.get('x-ratelimit-limit-requests')).toBe('3');
    expect(refused.headers.get('x-ratelimit-remaining-requests')).toBe('0');
    expect(refused.headers.get('x-ratelimit-reset-requests')).toMatch(/^\d+(\.\d+)?s$/);
  });

  it('the tightest of key and team applies: a team rpm_limit of 1 caps a key allowed 100', async () => {
    await awaitRoomInWindow(3000);
    const team = await admin('POST', '/admin/teams', { id: unique('tight'), name: 'Tight', rpm_limit: 1 });
    const { key } = await createKey({ team_id: team.body.id, rpm_limit: 100 });
    expect((await chat(key)).status).toBe(200);
    const refused = await chat(key);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('x-ratelimit-limit-requests')).toBe('1');
  });

  it("a team's new limits apply to its keys' next request (cached lookups are dropped)", async () => {
    await awaitRoomInWindow(3000);
    const team = await admin('POST', '/admin/teams', { id: unique('grow'), name: 'Grow', rpm_limit: 100 });
    const { key } = await createKey({ team_id: team.body.id });
    expect((await chat(key)).status).toBe(200);
    expect((await admin('PATCH', `/admin/teams/${team.body.id}`, { rpm_limit: 1 })).status).toBe(200);
    const refused = await chat(key);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('x-ratelimit-limit-requests')).toBe('1');
  });

  it("a model's own rpm_limit counts every caller, the master key included", async () => {
    await awaitRoomInWindow(3000);
    const { key } = await createKey({});
    expect((await chat(MASTER_KEY, 'capped')).status).toBe(200);
    expect((await chat(key, 'capped')).status).toBe(200);
    const refused = await chat(MASTER_KEY, 'capped');
    expect(refused.status).toBe(429);
    expect(refused.body.error?.code).toBe('rate_limit_exceeded');
    expect((await chat(MASTER_KEY, 'cheap-small')).status).toBe(200);
  });

  it('a prompt over the tokens-per-minute limit gets 429 with the -tokens headers', async () => {
    await awaitRoomInWindow(3000);
    const { key } = await createKey({ tpm_limit: 200 });
    const small = await chat(key, 'cheap-small', { content: 'hi' });
    expect(small.status).toBe(200);
    expect(small.headers.get('x-ratelimit-limit-tokens')).toBe('200');
    expect(Number(small.headers.get('x-ratelimit-remaining-tokens'))).toBeLessThan(200);
    // A prompt larger than the whole limit can never fit: 429 without a Retry-After to wait for.
    const tooBig = await chat(key, 'cheap-small', { content: 'lorem ipsum dolor sit amet '.repeat(100) });
    expect(tooBig.status).toBe(429);
    expect(tooBig.body.error?.code).toBe('rate_limit_exceeded');
    expect(tooBig.body.error?.message).toContain('larger than the limit');
    expect(tooBig.headers.get('retry-after')).toBeNull();
    // One that fits the limit but not what is left of the window waits for the next one.
    const fits = 'lorem ipsum dolor sit amet '.repeat(20);
    expect((await chat(key, 'cheap-small', { content: fits })).status).toBe(200);
    const refused = await chat(key, 'cheap-small', { content: fits });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(refused.headers.get('x-ratelimit-limit-tokens')).toBe('200');
    expect(refused.headers.get('x-ratelimit-remaining-tokens')).toMatch(/^\d+$/);
    expect(refused.headers.get('x-ratelimit-reset-tokens')).toMatch(/^\d+(\.\d+)?s$/);
  });

  it('max_parallel 1: a second request while the first is in flight gets 429; after it ends there is room again', async () => {
    const { key } = await createKey({ max_parallel: 1 });
    const first = chat(key, 'cheap-small', { headers: { 'x-mock-latency-ms': '600' } });
    await sleep(150);
    const second = await chat(key);
    expect(second.status).toBe(429);
    expect(second.body.error?.code).toBe('rate_limit_exceeded');
    expect(second.headers.get('retry-after')).not.toBeNull();
    expect((await first).status).toBe(200);
    expect((await chat(key)).status).toBe(200);
  });

  it('max_parallel 1: a stream holds its slot until the caller leaves, then frees it', async () => {
    const { key } = await createKey({ max_parallel: 1 });
    const leave = new AbortController();
    const stream = await fetch(`${gateway.url}/v1/chat/completions`, {
      method: 'POST',
      signal: leave.signal,
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', 'x-mock-chunk-delay-ms': '300' },
      body: JSON.stringify({ model: 'cheap-small', stream: true, messages: [{ role: 'user', content: 'a b c d e f g h i j' }] }),
    });
    expect(stream.status).toBe(200);
    await stream.body!.getReader().read();
    expect((await chat(key)).status).toBe(429);
    leave.abort();
    await expect.poll(async () => (await chat(key)).status, { timeout: 2000, interval: 50 }).toBe(200);
  });

  it('queueing: waiters on a full team are served by their key priority, highest first', async () => {
    const team = await admin('POST', '/admin/teams', { id: unique('queue'), name: 'Queue', max_parallel: 1 });
    const holder = await createKey({ team_id: team.body.id });
    const [low, mid, high] = await Promise.all([0, 5, 10].map((priority) => createKey({ team_id: team.body.id, priority, queue_timeout_ms: 3000 })));
    const slow = { headers: { 'x-mock-latency-ms': '500' } };
    const step = { headers: { 'x-mock-latency-ms': '100' } };
    const held = chat(holder.key, 'cheap-small', slow);
    await sleep(100);
    const order: string[] = [];
    const waiting = [
      ['low', low!.key],
      ['mid', mid!.key],
      ['high', high!.key],
    ].map(async ([name, key], index) => {
      await sleep(index * 40);
      const answer = await chat(key!, 'cheap-small', step);
      order.push(name!);
      return answer.status;
    });
    expect((await held).status).toBe(200);
    expect(await Promise.all(waiting)).toEqual([200, 200, 200]);
    expect(order).toEqual(['high', 'mid', 'low']);
  });
});

describe('virtual keys: IP lists and regions', () => {
  it('a key whose ip_deny holds 127.0.0.1/32 is refused with 403', async () => {
    const { key } = await createKey({ ip_deny: ['127.0.0.1/32'] });
    const refused = await chat(key);
    expect(refused.status).toBe(403);
    expect(refused.body.error?.code).toBe('forbidden');
    const other = await createKey({ ip_allow: ['127.0.0.0/8'] });
    expect((await chat(other.key)).status).toBe(200);
  });

  it('a global auth.ip_allow that excludes loopback refuses every caller, the master key included, on data plane and admin API', async () => {
    fenced = await startGateway(`
auth: { master_key: ${MASTER_KEY}, ip_allow: [10.0.0.0/8] }
storage: { database: "sqlite::memory:" }
providers: { demo: { type: mock } }
models: { cheap-small: { targets: [{ provider: demo, model: mock-echo }] } }
`);
    const body = { model: 'cheap-small', messages: [{ role: 'user', content: 'hi' }] };
    const master = await call(fenced.url, 'POST', '/v1/chat/completions', MASTER_KEY, body);
    expect(master.status).toBe(403);
    expect(master.body.error?.code).toBe('forbidden');
    expect((await call(fenced.url, 'GET', '/admin/keys', MASTER_KEY)).status).toBe(403);
    expect((await call(fenced.url, 'GET', '/v1/models', MASTER_KEY)).status).toBe(403);
    expect((await call(fenced.url, 'POST', '/v1/chat/completions', 'sk-sy-unknown', body)).status).toBe(403);
    // Probes are not caller requests: the process still reports itself alive.
    expect((await fetch(`${fenced.url}/health`)).status).toBe(200);
  });

  it('behind server.trusted_proxies the client is the address our proxy appended to X-Forwarded-For: IP lists and the log see it', async () => {
    proxied = await startGateway(`
server: { trusted_proxies: [127.0.0.1] }
auth: { master_key: ${MASTER_KEY}, ip_deny: [203.0.113.0/24] }
storage: { database: "sqlite::memory:" }
request_log: { flush_interval_ms: 20 }
providers: { demo: { type: mock } }
models: { cheap-small: { targets: [{ provider: demo, model: mock-echo }] } }
`);
    const body = { model: 'cheap-small', messages: [{ role: 'user', content: 'hi' }] };
    const denied = { 'x-forwarded-for': '203.0.113.9' };
    expect((await call(proxied.url, 'POST', '/v1/chat/completions', MASTER_KEY, body, denied)).status).toBe(403);
    expect((await call(proxied.url, 'GET', '/v1/models', MASTER_KEY, undefined, denied)).status).toBe(403);
    expect((await call(proxied.url, 'GET', '/admin/keys', MASTER_KEY, undefined, denied)).status).toBe(403);

    // What a caller writes to the left of the proxy's own entry is never read.
    const spoofed = await call(proxied.url, 'POST', '/v1/chat/completions', MASTER_KEY, body, { 'x-forwarded-for': '203.0.113.9, 198.51.100.4' });
    expect(spoofed.status).toBe(200);
    const row = await readLogRow<{ client_ip: string }>(proxied.url, spoofed.headers.get('x-switchyard-request-id'));
    expect(row.client_ip).toBe('198.51.100.4');

    const direct = await call(proxied.url, 'POST', '/v1/chat/completions', MASTER_KEY, body);
    expect((await readLogRow<{ client_ip: string }>(proxied.url, direct.headers.get('x-switchyard-request-id'))).client_ip).toBe('127.0.0.1');

    // Without trusted proxies the header is only a header.
    const untrusted = await chat(MASTER_KEY, 'cheap-small', { headers: denied });
    expect(untrusted.status).toBe(200);
    expect((await readLogRow<{ client_ip: string }>(gateway.url, untrusted.headers.get('x-switchyard-request-id'))).client_ip).toBe('127.0.0.1');
  });

  it('allowed_regions [eu-west-1] reaches only eu deployments, on fallbacks too', async () => {
    const before = upstream.received.length;
    const open = await chat(MASTER_KEY, 'regional');
    expect(open.status).toBe(200);
    expect(upstream.received.slice(before).map((request) => request.body.model)).toEqual(['fail-503', 'steady-us']);

    const { key } = await createKey({ allowed_regions: ['eu-west-1'] });
    const start = upstream.received.length;
    const held = await chat(key, 'regional');
    expect(held.status).toBe(200);
    expect(held.headers.get('x-switchyard-model')).toBe('backup-eu');
    expect(upstream.received.slice(start).map((request) => request.body.model)).toEqual(['fail-503', 'backup-eu']);
  });
});
