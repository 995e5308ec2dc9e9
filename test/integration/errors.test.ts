import { connect } from 'node:net';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MASTER_KEY, passthroughConfig } from './support/gateway-config.js';
import { startGateway } from './support/start-gateway.js';
import type { RunningGateway } from './support/start-gateway.js';
import { startMockUpstream } from './support/mock-upstream.js';
import type { MockUpstream } from './support/mock-upstream.js';

let upstream: MockUpstream;
let gateway: RunningGateway;
let client: OpenAI;

beforeAll(async () => {
  upstream = await startMockUpstream();
  gateway = await startGateway(passthroughConfig(upstream.url));
  client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: MASTER_KEY, maxRetries: 0 });
});

afterAll(async () => {
  await gateway?.stop();
  await upstream?.close();
});

async function post(path: string, body: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${gateway.url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${MASTER_KEY}`, 'content-type': 'application/json', ...headers }, body });
}

async function rejection(promise: Promise<unknown>): Promise<InstanceType<typeof OpenAI.APIError>> {
  const error = await promise.then(() => undefined, (caught: unknown) => caught);
  expect(error).toBeInstanceOf(OpenAI.APIError);
  return error as InstanceType<typeof OpenAI.APIError>;
}

describe('errors in the contract shape', () => {
  it('passes an upstream 429 on with its Retry-After', async () => {
    const error = await rejection(client.chat.completions.create({ model: 'limited', messages: [{ role: 'user', content: 'x' }] }));
    expect(error.status).toBe(429);
    expect(error.headers?.get('retry-after')).toBe('7');
    expect(error.code).toBe('rate_limit_exceeded');
    expect(error.type).toBe('rate_limit_error');
  });

  it('answers an upstream 500 as 502 without leaking the upstream key', async () => {
    const error = await rejection(client.chat.completions.create({ model: 'failing', messages: [{ role: 'user', content: 'x' }] }));
    expect(error.status).toBe(502);
    expect(error.code).toBe('upstream_error');
    expect(error.message).toContain('up:');
    expect(error.message).not.toContain('sk-upstream-secret-123456789');
    expect(error.message).not.toContain('sk-upstream-key');
  });

  it('passes an upstream 400 on as a 400', async () => {
    const error = await rejection(client.chat.completions.create({ model: 'bad-request', messages: [{ role: 'user', content: 'x' }] }));
    expect(error.status).toBe(400);
    expect(error.type).toBe('invalid_request_error');
  });

  it('answers 404 for an unknown model', async () => {
    const error = await rejection(client.chat.completions.create({ model: 'no-such-model', messages: [{ role: 'user', content: 'x' }] }));
    expect(error.status).toBe(404);
    expect(error.code).toBe('model_not_found');
  });

  it('answers 400 for malformed JSON and for a missing model', async () => {
    const malformed = await post('/v1/chat/completions', '{"model": "gpt", ');
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toEqual({ error: { message: 'Request body is not valid JSON.', type: 'invalid_request_error', code: 'invalid_json', param: null } });
    const missingModel = await post('/v1/chat/completions', '{"messages": []}');
    expect(missingModel.status).toBe(400);
    expect(((await missingModel.json()) as { error: { param: string } }).error.param).toBe('model');
  });

  it('answers 413 for a body over server.max_body_bytes', async () => {
    const response = await post('/v1/chat/completions', JSON.stringify({ model: 'gpt', messages: [{ role: 'user', content: 'x'.repeat(10_000) }] }));
    expect(response.status).toBe(413);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('request_too_large');
  });

  it('answers 401 without a valid key and 404 for an unknown route, each with a request id', async () => {
    const unauthorized = await fetch(`${gateway.url}/v1/models`, { headers: { authorization: 'Bearer wrong' } });
    expect(unauthorized.status).toBe(401);
    expect(((await unauthorized.json()) as { error: { code: string } }).error.code).toBe('invalid_api_key');
    const unknown = await fetch(`${gateway.url}/v2/nothing`);
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('x-switchyard-request-id')).toMatch(/^req_/);
    const wrongMethod = await post('/metrics', '{}');
    expect(wrongMethod.status).toBe(405);
    const anthropicShape = await post('/v1/messages', '{}');
    expect(anthropicShape.status).toBe(400);
    expect(await anthropicShape.json()).toMatchObject({ type: 'error', error: { type: 'invalid_request_error' } });
  });

  it('logs rejected and failed requests too', async () => {
    await post('/v1/chat/completions', 'not json');
    await client.chat.completions.create({ model: 'failing', messages: [{ role: 'user', content: 'x' }] }).catch(() => undefined);
    const response = await fetch(`${gateway.url}/admin/logs?status=error&limit=50`, { headers: { authorization: `Bearer ${MASTER_KEY}` } });
    const rows = ((await response.json()) as { data: { status: number; error_kind: string; model: string | null; attempts_detail: unknown[] }[] }).data;
    expect(rows.some((row) => row.status === 400 && row.error_kind === 'bad_request' && row.model === null)).toBe(true);
    expect(rows.some((row) => row.status === 502 && row.model === 'failing' && row.attempts_detail.length === 1)).toBe(true);
    expect(rows.every((row) => row.status >= 400)).toBe(true);
  });

  it('cancels the upstream request when the client goes away', async () => {
    const controller = new AbortController();
    const pending = fetch(`${gateway.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${MASTER_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'hang', messages: [{ role: 'user', content: 'x' }] }),
      signal: controller.signal,
    }).catch(() => undefined);
    await expect.poll(() => upstream.received.some((request) => request.body.model === 'hang'), { timeout: 5000 }).toBe(true);
    controller.abort();
    await pending;
    await expect.poll(() => upstream.aborted.includes('hang'), { timeout: 5000 }).toBe(true);
    const closedRows = async () =>
      ((await (await fetch(`${gateway.url}/admin/logs?status=499`, { headers: { authorization: `Bearer ${MASTER_KEY}` } })).json()) as { data: { model: string }[] }).data;
    await expect.poll(closedRows, { timeout: 5000 }).toEqual([expect.objectContaining({ model: 'hang' })]);
  });
});

describe('hostile request metadata', () => {
  it('keeps valid tags, drops the rest with one warning, and never echoes them raw', async () => {
    const response = await post('/v1/chat/completions', JSON.stringify({ model: 'gpt', messages: [{ role: 'user', content: 'x' }] }), {
      'x-switchyard-tags': 'team:a, has space, <script>, team:a',
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-switchyard-warnings')).toBe('x-switchyard-tags: 2 tag(s) dropped (1-64 chars of A-Z a-z 0-9 _ . : / = @ -, at most 20)');
    const row = (await (await fetch(`${gateway.url}/admin/logs/${response.headers.get('x-switchyard-request-id')}`, { headers: { authorization: `Bearer ${MASTER_KEY}` } })).json()) as { tags: string[]; warnings: string[] };
    expect(row.tags).toEqual(['team:a']);
    expect(row.warnings).toHaveLength(1);
  });
});

describe('malformed HTTP', () => {
  it('answers a broken request line with 400 in the contract shape and closes the connection', async () => {
    const { port, hostname } = new URL(gateway.url);
    const reply = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(port), hostname, () => socket.write('NOT A REQUEST\r\n\r\n'));
      let text = '';
      socket.on('data', (data) => (text += data.toString('utf8')));
      socket.on('end', () => resolve(text));
      socket.on('error', reject);
    });
    expect(reply.startsWith('HTTP/1.1 400 Bad Request\r\n')).toBe(true);
    expect(reply).toMatch(/\r\nx-switchyard-request-id: req_\w+\r\n/);
    expect(JSON.parse(reply.slice(reply.indexOf('\r\n\r\n') + 4))).toEqual({
      error: { message: 'Malformed HTTP request.', type: 'invalid_request_error', code: 'invalid_request', param: null },
    });
  });
});
