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

// Breakers off: the shared fail-* deployments would otherwise open and reorder the plans.
beforeAll(async () => {
  upstream = await startMockUpstream();
  gateway = await startGateway(`
auth: { master_key: ${MASTER_KEY} }
storage: { database: "sqlite::memory:" }
request_log: { flush_interval_ms: 20 }
providers:
  up: { type: openai-compatible, base_url: "${upstream.url}/v1", api_key: "sk-upstream-key" }
  # The same mock under another name, to tell two refusals apart by x-switchyard-provider.
  up2: { type: openai-compatible, base_url: "${upstream.url}/v1", api_key: "sk-upstream-key" }
models:
  a:
    strategy: priority
    retries: 0
    circuit_breaker: false
    targets: [{ provider: up, model: fail-503 }, { provider: up, model: fail-500 }]
    fallbacks: [b, c]
  b: { retries: 0, circuit_breaker: false, targets: [{ provider: up, model: fail-502 }] }
  c: { targets: [{ provider: up, model: steady-c }] }
  narrow:
    strategy: priority
    targets: [{ provider: up, model: fail-context }, { provider: up, model: steady-narrow }]
    fallbacks: [c]
    context_fallbacks: [big]
  narrow-plain:
    strategy: priority
    targets: [{ provider: up, model: fail-context }, { provider: up, model: steady-narrow }]
    fallbacks: [c]
  narrow-twice:
    targets: [{ provider: up, model: fail-context }]
    context_fallbacks: [also-narrow, big]
  also-narrow: { targets: [{ provider: up, model: fail-context }] }
  big: { targets: [{ provider: up, model: steady-big }] }
  narrow-eu:
    targets: [{ provider: up, model: fail-context, region: eu-west-1 }]
    context_fallbacks: [big-regional]
  big-regional:
    strategy: priority
    targets: [{ provider: up, model: steady-big-us, region: us-east-1 }, { provider: up, model: steady-big-eu, region: eu-west-1 }]
  filtered:
    strategy: priority
    targets: [{ provider: up, model: fail-content-filter }, { provider: up, model: steady-filtered }]
    content_fallbacks: [lenient]
  prudish:
    targets: [{ provider: up, model: refuse }]
    content_fallbacks: [lenient]
  prudish-twice:
    targets: [{ provider: up, model: refuse }]
    content_fallbacks: [also-prudish]
  prudish-broken:
    retries: 0
    targets: [{ provider: up, model: refuse, input_cost_per_mtok: 1000000, output_cost_per_mtok: 1000000 }]
    content_fallbacks: [broken]
  prudish-list:
    targets: [{ provider: up, model: refuse }]
    content_fallbacks: [also-prudish, lenient]
  also-prudish: { targets: [{ provider: up2, model: refuse }] }
  broken: { circuit_breaker: false, targets: [{ provider: up, model: fail-500 }] }
  lenient: { targets: [{ provider: up, model: steady-lenient }] }
`);
  client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: MASTER_KEY, maxRetries: 0, timeout: 5000 });
});

afterAll(async () => {
  await gateway?.stop();
  await upstream?.close();
});

interface LogRow {
  status: number;
  cost_usd: number | null;
  routed_model: string | null;
  deployment_model: string | null;
  error_kind: string | null;
  attempts: number;
  attempts_detail: { provider: string; model: string; status: number | null; error_kind: string | null }[];
}

const logRow = (requestId: string | null) => readLogRow<LogRow>(gateway.url, requestId);

const PROMPT = [{ role: 'user' as const, content: 'hi' }];
const modelsSince = (before: number) => upstream.received.slice(before).map((request) => request.body.model);

async function ask(model: string): Promise<{ answer: OpenAI.ChatCompletion; response: Response; asked: unknown[] }> {
  const before = upstream.received.length;
  const { data: answer, response } = await client.chat.completions.create({ model, messages: PROMPT }).withResponse();
  return { answer, response, asked: modelsSince(before) };
}

describe('fallbacks: after every target failed retryably', () => {
  it("tries the model's targets, then each fallback model in order", async () => {
    const { answer, response, asked } = await ask('a');
    expect(answer.choices[0]?.message.content).toBe('Hello from upstream');
    expect(response.headers.get('x-switchyard-model')).toBe('steady-c');
    expect(response.headers.get('x-switchyard-attempts')).toBe('4');
    expect(asked).toEqual(['fail-503', 'fail-500', 'fail-502', 'steady-c']);
    const row = await logRow(response.headers.get('x-switchyard-request-id'));
    // routed_model is logged only when it differs from the requested model.
    expect(row).toMatchObject({ status: 200, routed_model: null, deployment_model: 'steady-c', error_kind: null, attempts: 4 });
    expect(row.attempts_detail).toMatchObject([
      { model: 'fail-503', status: 503, error_kind: 'upstream' },
      { model: 'fail-500', status: 500, error_kind: 'upstream' },
      { model: 'fail-502', status: 502, error_kind: 'upstream' },
      { model: 'steady-c', status: 200, error_kind: null },
    ]);
  });
});

describe('context_fallbacks: when a deployment says the prompt is too long', () => {
  it('replaces the rest of the plan with the context fallbacks', async () => {
    const { answer, response, asked } = await ask('narrow');
    expect(answer.choices[0]?.message.content).toBe('Hello from upstream');
    expect(response.headers.get('x-switchyard-model')).toBe('steady-big');
    // Neither the model's next target nor its plain fallback: they have the same window.
    expect(asked).toEqual(['fail-context', 'steady-big']);
    const row = await logRow(response.headers.get('x-switchyard-request-id'));
    expect(row.attempts_detail).toMatchObject([
      { model: 'fail-context', status: 400, error_kind: 'context_too_long' },
      { model: 'steady-big', status: 200, error_kind: null },
    ]);
  });

  it('falls back for a stream too: the error comes before any byte', async () => {
    const before = upstream.received.length;
    const { data: stream, response } = await client.chat.completions.create({ model: 'narrow', messages: PROMPT, stream: true }).withResponse();
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    expect(text).toBe('Hello from upstream');
    expect(response.headers.get('x-switchyard-model')).toBe('steady-big');
    expect(modelsSince(before)).toEqual(['fail-context', 'steady-big']);
  });

  it('falls back for an Anthropic caller too', async () => {
    const before = upstream.received.length;
    const response = await fetch(`${gateway.url}/v1/messages`, {
      method: 'POST',
      headers: { 'x-api-key': MASTER_KEY, 'anthropic-version': '2023-06-01', 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'narrow', max_tokens: 16, messages: PROMPT }),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ content: [{ type: 'text', text: 'Hello from upstream' }] });
    expect(modelsSince(before)).toEqual(['fail-context', 'steady-big']);
  });

  it("keeps the caller's regions in the context fallbacks", async () => {
    const before = upstream.received.length;
    const { response } = await client.chat.completions.create({ model: 'narrow-eu', messages: PROMPT }, { headers: { 'x-switchyard-regions': 'eu-west-1' } }).withResponse();
    expect(response.headers.get('x-switchyard-model')).toBe('steady-big-eu');
    expect(modelsSince(before)).toEqual(['fail-context', 'steady-big-eu']);
  });

  it('without context fallbacks answers 400 context_length_exceeded at once, trying nothing else', async () => {
    const before = upstream.received.length;
    const error = await client.chat.completions.create({ model: 'narrow-plain', messages: PROMPT }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect(error).toMatchObject({ status: 400, code: 'context_length_exceeded' });
    expect(modelsSince(before)).toEqual(['fail-context']);
  });

  it('goes through the context fallbacks in order, each asked once', async () => {
    const { response, asked } = await ask('narrow-twice');
    expect(response.headers.get('x-switchyard-model')).toBe('steady-big');
    expect(asked).toEqual(['fail-context', 'fail-context', 'steady-big']);
  });
});

describe('fallback lists: config checks at load', () => {
  it.each(['constructor', 'toString'])('refuses a fallback named %s, which is no configured model', async (name) => {
    const outcome = await startGateway(`
auth: { master_key: ${MASTER_KEY} }
storage: { database: "sqlite::memory:" }
providers:
  up: { type: openai-compatible, base_url: "${upstream.url}/v1", api_key: "sk-upstream-key" }
models:
  a: { targets: [{ provider: up, model: steady-a }], fallbacks: [${name}] }
`).then(
      async (started) => {
        await started.stop();
        return 'started';
      },
      (error: Error) => error.message,
    );
    expect(outcome).toContain(`models.a.fallbacks[0]: unknown model "${name}"`);
  });
});

describe('content_fallbacks: when a deployment refuses on content-filter grounds', () => {
  it('falls back on a content_filter error, skipping the rest of the plan', async () => {
    const { response, asked } = await ask('filtered');
    expect(response.headers.get('x-switchyard-model')).toBe('steady-lenient');
    expect(asked).toEqual(['fail-content-filter', 'steady-lenient']);
    const row = await logRow(response.headers.get('x-switchyard-request-id'));
    expect(row.attempts_detail).toMatchObject([
      { model: 'fail-content-filter', status: 400, error_kind: 'content_filtered' },
      { model: 'steady-lenient', status: 200, error_kind: null },
    ]);
  });

  it('falls back on a streamed request\'s content_filter error too', async () => {
    const before = upstream.received.length;
    const stream = await client.chat.completions.create({ model: 'filtered', messages: PROMPT, stream: true });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    expect(text).toBe('Hello from upstream');
    expect(modelsSince(before)).toEqual(['fail-content-filter', 'steady-lenient']);
  });

  it('falls back on a complete answer that is a refusal (200, finish_reason content_filter)', async () => {
    const { answer, response, asked } = await ask('prudish');
    expect(answer.choices[0]).toMatchObject({ finish_reason: 'stop', message: { content: 'Hello from upstream' } });
    expect(response.headers.get('x-switchyard-model')).toBe('steady-lenient');
    expect(response.headers.get('x-switchyard-attempts')).toBe('2');
    expect(asked).toEqual(['refuse', 'steady-lenient']);
    const row = await logRow(response.headers.get('x-switchyard-request-id'));
    expect(row.attempts_detail).toMatchObject([
      { model: 'refuse', status: 200, error_kind: 'content_filtered' },
      { model: 'steady-lenient', status: 200, error_kind: null },
    ]);
    expect(row).toMatchObject({ status: 200, deployment_model: 'steady-lenient', error_kind: null });
  });

  it('falls back on an Anthropic caller\'s refused answer as well', async () => {
    const before = upstream.received.length;
    const response = await fetch(`${gateway.url}/v1/messages`, {
      method: 'POST',
      headers: { 'x-api-key': MASTER_KEY, 'anthropic-version': '2023-06-01', 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'prudish', max_tokens: 16, messages: PROMPT }),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ stop_reason: 'end_turn', content: [{ type: 'text', text: 'Hello from upstream' }] });
    expect(modelsSince(before)).toEqual(['refuse', 'steady-lenient']);
  });

  it('returns the first refusal, not an error, when the content fallback refuses too', async () => {
    const { answer, response, asked } = await ask('prudish-twice');
    expect(response.status).toBe(200);
    expect(answer.choices[0]).toMatchObject({ finish_reason: 'content_filter', message: { content: null } });
    expect(asked).toEqual(['refuse', 'refuse']);
    expect(response.headers.get('x-switchyard-provider')).toBe('up');
    const row = await logRow(response.headers.get('x-switchyard-request-id'));
    expect(row).toMatchObject({ status: 200, attempts: 2 });
  });

  it('returns the refusal, described as it was, when the content fallback fails', async () => {
    const { answer, response, asked } = await ask('prudish-broken');
    expect(response.status).toBe(200);
    expect(answer.choices[0]).toMatchObject({ finish_reason: 'content_filter' });
    expect(asked).toEqual(['refuse', 'fail-500']);
    expect.soft(response.headers.get('x-switchyard-model')).toBe('refuse');
    const row = await logRow(response.headers.get('x-switchyard-request-id'));
    // The refusal's 11 prompt tokens at $1 each.
    expect(row).toMatchObject({ status: 200, deployment_model: 'refuse', error_kind: null, cost_usd: 11 });
  });

  it('goes on through the content fallbacks when one of them refuses too', async () => {
    const { answer, asked } = await ask('prudish-list');
    expect(answer.choices[0]).toMatchObject({ finish_reason: 'stop', message: { content: 'Hello from upstream' } });
    expect(asked).toEqual(['refuse', 'refuse', 'steady-lenient']);
  });

  it('passes a refusal inside a started stream on: past the commit point', async () => {
    const before = upstream.received.length;
    const stream = await client.chat.completions.create({ model: 'prudish', messages: PROMPT, stream: true });
    const finishes: (string | null | undefined)[] = [];
    for await (const chunk of stream) finishes.push(chunk.choices[0]?.finish_reason);
    expect(finishes).toContain('content_filter');
    expect(modelsSince(before)).toEqual(['refuse']);
  });
});
