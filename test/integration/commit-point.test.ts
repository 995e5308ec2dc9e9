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
let client: OpenAI;

beforeAll(async () => {
  upstream = await startMockUpstream();
  gateway = await startGateway(`
auth: { master_key: ${MASTER_KEY} }
storage: { database: "sqlite::memory:" }
request_log: { flush_interval_ms: 20 }
providers:
  up: { type: openai-compatible, base_url: "${upstream.url}/v1", api_key: "sk-upstream-key" }
models:
  dropper:
    strategy: priority
    retries: 2
    backoff: { base_ms: 1, max_ms: 10 }
    targets: [{ provider: up, model: drop-mid-stream }, { provider: up, model: steady }]
  too-long:
    strategy: priority
    retries: 2
    targets: [{ provider: up, model: fail-context }, { provider: up, model: steady }]
  filtered:
    strategy: priority
    retries: 2
    targets: [{ provider: up, model: fail-content-filter }, { provider: up, model: steady }]
  early-failures:
    strategy: priority
    retries: 0
    targets: [{ provider: up, model: drop-after-headers }, { provider: up, model: error-first }, { provider: up, model: steady }]
  refusing: { targets: [{ provider: up, model: refuse }] }
  late: { retries: 0, targets: [{ provider: up, model: slow-300 }] }
`);
  client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: MASTER_KEY, maxRetries: 0, timeout: 5000 });
});

afterAll(async () => {
  await gateway?.stop();
  await upstream?.close();
});

const PROMPT = [{ role: 'user' as const, content: 'hi' }];
/** What the gateway makes of the upstream closing the connection in the middle of the body. */
const DROPPED = { message: 'up: upstream unreachable (UND_ERR_SOCKET)', type: 'api_error', code: 'upstream_error', param: null };

interface LogRow {
  status: number;
  stream: boolean;
  deployment_model: string | null;
  error_kind: string | null;
  error_message: string | null;
  attempts: number;
  attempts_detail: { provider: string; model: string; status: number | null; error_kind: string | null }[];
}

const logRow = (requestId: string) => readLogRow<LogRow>(gateway.url, requestId);

function sseEvents(body: string): { event: string | undefined; data: string }[] {
  return body
    .split('\n\n')
    .filter((block) => block.trim() !== '')
    .map((block) => {
      const lines = block.split('\n');
      const event = lines.find((line) => line.startsWith('event: '))?.slice('event: '.length);
      const data = lines.filter((line) => line.startsWith('data: ')).map((line) => line.slice('data: '.length)).join('\n');
      return { event, data };
    });
}

function post(path: string, body: Record<string, unknown>): Promise<Response> {
  return fetch(`${gateway.url}${path}`, {
    method: 'POST',
    headers: { 'x-api-key': MASTER_KEY, 'anthropic-version': '2023-06-01', 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

const modelsSince = (before: number) => upstream.received.slice(before).map((request) => request.body.model);

describe('the commit point (real process, loopback upstream)', () => {
  it('ends an OpenAI stream that broke after its first words with an error, never retrying it', async () => {
    const before = upstream.received.length;
    const { data: stream, response } = await client.chat.completions.create({ model: 'dropper', messages: PROMPT, stream: true }).withResponse();
    const words: string[] = [];
    let failure: unknown;
    try {
      for await (const chunk of stream) words.push(chunk.choices[0]?.delta.content ?? '');
    } catch (error) {
      failure = error;
    }
    expect(words.join('')).toBe('Hello from');
    // The SDK throws the in-band `{"error": ...}` chunk as an APIError without a status.
    expect(failure).toBeInstanceOf(OpenAI.APIError);
    expect(failure).toMatchObject({ status: undefined, message: DROPPED.message, code: DROPPED.code, type: DROPPED.type });

    const row = await logRow(response.headers.get('x-switchyard-request-id')!);
    expect(row).toMatchObject({ status: 200, stream: true, deployment_model: 'drop-mid-stream', error_kind: 'upstream', error_message: DROPPED.message, attempts: 1 });
    expect(row.attempts_detail).toMatchObject([{ provider: 'up', model: 'drop-mid-stream', status: 200, error_kind: null }]);
    expect(modelsSince(before)).toEqual(['drop-mid-stream']);
  });

  it('writes the failure as a last `data: {"error": ...}` event after the content, with no [DONE]', async () => {
    const before = upstream.received.length;
    const response = await post('/v1/chat/completions', { model: 'dropper', messages: PROMPT, stream: true });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(response.headers.get('x-switchyard-attempts')).toBe('1');
    const body = await response.text();
    expect(body).not.toContain('[DONE]');
    const events = sseEvents(body);
    const last = events.pop()!;
    expect(last).toEqual({ event: undefined, data: JSON.stringify({ error: DROPPED }) });
    const deltas = events.map((event) => (JSON.parse(event.data) as { choices: { delta: { content?: string }; finish_reason: string | null }[] }).choices[0]);
    expect(deltas.map((choice) => choice?.delta.content)).toEqual(['', 'Hello', ' from']);
    expect(deltas.every((choice) => choice?.finish_reason === null)).toBe(true);
    expect(body.endsWith('\n\n')).toBe(true);

    const row = await logRow(response.headers.get('x-switchyard-request-id')!);
    expect(row.attempts).toBe(1);
    expect(modelsSince(before)).toEqual(['drop-mid-stream']);
  });

  it('ends an Anthropic stream that broke after its first words with an `event: error`, never retrying it', async () => {
    const before = upstream.received.length;
    const response = await post('/v1/messages', { model: 'dropper', max_tokens: 16, stream: true, messages: PROMPT });
    expect(response.status).toBe(200);
    const events = sseEvents(await response.text());
    const names = events.map((event) => event.event);
    expect(names).not.toContain('message_stop');
    expect(names).not.toContain('message_delta');
    expect(names.at(-1)).toBe('error');
    expect(JSON.parse(events.at(-1)!.data)).toEqual({ type: 'error', error: { type: 'api_error', message: DROPPED.message } });
    const text = events
      .filter((event) => event.event === 'content_block_delta')
      .map((event) => (JSON.parse(event.data) as { delta: { type: string; text: string } }).delta)
      .map((delta) => (delta.type === 'text_delta' ? delta.text : ''))
      .join('');
    expect(text).toBe('Hello from');
    expect(names.indexOf('content_block_delta')).toBeLessThan(names.indexOf('error'));

    const row = await logRow(response.headers.get('x-switchyard-request-id')!);
    expect(row).toMatchObject({ stream: true, error_kind: 'upstream', attempts: 1 });
    expect(modelsSince(before)).toEqual(['drop-mid-stream']);
  });

  it('fails a non-streamed request over when the connection drops before any header', async () => {
    const before = upstream.received.length;
    const { data, response } = await client.chat.completions.create({ model: 'dropper', messages: PROMPT }).withResponse();
    expect(data.choices[0]?.message.content).toBe('Hello from upstream');
    expect(response.status).toBe(200);
    expect(response.headers.get('x-switchyard-attempts')).toBe('2');
    expect(response.headers.get('x-switchyard-model')).toBe('steady');
    expect(modelsSince(before)).toEqual(['drop-mid-stream', 'steady']);

    const row = await logRow(response.headers.get('x-switchyard-request-id')!);
    expect(row.attempts_detail).toMatchObject([
      { model: 'drop-mid-stream', status: null, error_kind: 'upstream' },
      { model: 'steady', status: 200, error_kind: null },
    ]);
  });
});

describe('before the first chunk nothing is committed', () => {
  it('fails a stream over when the upstream drops after its headers or opens with an error event', async () => {
    const before = upstream.received.length;
    const { data: stream, response } = await client.chat.completions.create({ model: 'early-failures', messages: PROMPT, stream: true }).withResponse();
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    expect(text).toBe('Hello from upstream');
    expect(response.headers.get('x-switchyard-attempts')).toBe('3');
    expect(modelsSince(before)).toEqual(['drop-after-headers', 'error-first', 'steady']);
    const row = await logRow(response.headers.get('x-switchyard-request-id')!);
    expect(row.attempts_detail).toMatchObject([
      { model: 'drop-after-headers', error_kind: 'upstream' },
      { model: 'error-first', error_kind: 'upstream' },
      { model: 'steady', status: 200, error_kind: null },
    ]);
    expect(row).toMatchObject({ status: 200, error_kind: null });
  });
});

describe('the mock upstream\'s fault names, as the gateway classifies them', () => {
  it('does not fail a context-length error over: the caller gets it, in OpenAI\'s shape', async () => {
    const before = upstream.received.length;
    const error = (await client.chat.completions.create({ model: 'too-long', messages: PROMPT }).catch((caught: unknown) => caught)) as InstanceType<typeof OpenAI.APIError>;
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect(error).toMatchObject({ status: 400, code: 'context_length_exceeded', type: 'invalid_request_error', param: 'messages' });
    expect(error.message).toMatch(/^400 up: This model's maximum context length is 8192 tokens/);
    expect(modelsSince(before)).toEqual(['fail-context']);
  });

  it("reads Azure's content-filter error (type null) as content_filter, not failed over", async () => {
    const before = upstream.received.length;
    const error = (await client.chat.completions.create({ model: 'filtered', messages: PROMPT }).catch((caught: unknown) => caught)) as InstanceType<typeof OpenAI.APIError>;
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect(error).toMatchObject({ status: 400, code: 'content_filter', param: 'prompt' });
    expect(modelsSince(before)).toEqual(['fail-content-filter']);
  });

  it('passes a refusal through as finish_reason content_filter, streamed or not', async () => {
    const answer = await client.chat.completions.create({ model: 'refusing', messages: PROMPT });
    expect(answer.choices[0]).toMatchObject({ finish_reason: 'content_filter', message: { content: null } });
    const stream = await client.chat.completions.create({ model: 'refusing', messages: PROMPT, stream: true, stream_options: { include_usage: true } });
    const finishes: (string | null | undefined)[] = [];
    let usage: OpenAI.CompletionUsage | null | undefined;
    for await (const chunk of stream) {
      finishes.push(chunk.choices[0]?.finish_reason);
      usage = chunk.usage ?? usage;
    }
    expect(finishes).toEqual([null, 'content_filter', undefined]);
    expect(usage).toMatchObject({ prompt_tokens: 11 });
  });

  it('answers a slow-<ms> deployment late, and writes nothing to a caller who left meanwhile', async () => {
    const startedAt = performance.now();
    const answer = await client.chat.completions.create({ model: 'late', messages: PROMPT });
    expect(answer.choices[0]?.message.content).toBe('Hello from upstream');
    expect(performance.now() - startedAt).toBeGreaterThanOrEqual(290);

    const abandoned = await client.chat.completions.create({ model: 'late', messages: PROMPT }, { timeout: 100 }).catch((caught: unknown) => caught);
    expect(abandoned).toBeInstanceOf(OpenAI.APIConnectionTimeoutError);
    await expect.poll(() => upstream.aborted.filter((model) => model === 'slow-300'), { timeout: 1000 }).toEqual(['slow-300']);
  });
});
