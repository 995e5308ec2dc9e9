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

async function logRow(requestId: string): Promise<Record<string, unknown>> {
  const response = await fetch(`${gateway.url}/admin/logs/${requestId}`, { headers: { authorization: `Bearer ${MASTER_KEY}` } });
  expect(response.status).toBe(200);
  return (await response.json()) as Record<string, unknown>;
}

beforeAll(async () => {
  upstream = await startMockUpstream();
  gateway = await startGateway(passthroughConfig(upstream.url));
  client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: MASTER_KEY, maxRetries: 0 });
});

afterAll(async () => {
  await gateway?.stop();
  await upstream?.close();
});

describe('chat completions through an OpenAI-compatible upstream (passthrough)', () => {
  it('answers with the upstream text, usage and the contract headers, and logs the row', async () => {
    const { data, response } = await client.chat.completions
      .create({ model: 'gpt', messages: [{ role: 'user', content: 'hi' }] })
      .withResponse();
    expect(data.choices[0]?.message.content).toBe('Hello from upstream');
    expect(data.usage).toMatchObject({ prompt_tokens: 11, completion_tokens: 3 });
    expect(response.headers.get('x-switchyard-provider')).toBe('up');
    expect(response.headers.get('x-switchyard-model')).toBe('up-model');
    expect(response.headers.get('x-switchyard-attempts')).toBe('1');
    expect(response.headers.get('x-switchyard-cache')).toBe('off');
    // 11 input x $2/M + 3 output x $10/M = 52 micro-dollars.
    expect(response.headers.get('x-switchyard-cost-usd')).toBe('0.000052');
    const requestId = response.headers.get('x-switchyard-request-id')!;
    expect(requestId).toMatch(/^req_/);

    const forwarded = upstream.received.at(-1)!;
    expect(forwarded.url).toBe('/v1/chat/completions');
    expect(forwarded.body.model).toBe('up-model');
    expect(forwarded.headers.authorization).toBe('Bearer sk-upstream-key');

    const row = await logRow(requestId);
    expect(row).toMatchObject({
      model: 'gpt', provider: 'up', deployment_model: 'up-model', status: 200, input_tokens: 11, output_tokens: 3,
      cost_usd: 0.000052, attempts: 1, stream: false, key_id: 'master', client_ip: '127.0.0.1', cache: 'off',
    });
    expect(row.latency_ms).toEqual(expect.any(Number));
    expect(row.ttfb_ms).toEqual(expect.any(Number));
  });

  it('forwards unknown request fields and returns unknown response fields untouched', async () => {
    const response = await fetch(`${gateway.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${MASTER_KEY}`, 'content-type': 'application/json', 'x-switchyard-tags': 'team:search, exp-7' },
      body: JSON.stringify({ model: 'gpt', messages: [{ role: 'user', content: 'hi' }], vendor_knob: { depth: 3 }, temperature: 0.2 }),
    });
    const body = (await response.json()) as Record<string, unknown>;
    expect(body.upstream_extra).toEqual({ kept: true });
    expect(upstream.received.at(-1)!.body).toMatchObject({ vendor_knob: { depth: 3 }, temperature: 0.2, model: 'up-model' });
    const row = await logRow(response.headers.get('x-switchyard-request-id')!);
    expect(row.tags).toEqual(['team:search', 'exp-7']);
  });

  it('streams the text and reports usage when the client asks for it', async () => {
    const stream = await client.chat.completions.create({
      model: 'gpt', messages: [{ role: 'user', content: 'hi' }], stream: true, stream_options: { include_usage: true },
    });
    let text = '';
    let usage: OpenAI.CompletionUsage | null | undefined;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      if (chunk.usage) usage = chunk.usage;
    }
    expect(text).toBe('Hello from upstream');
    expect(usage).toMatchObject({ prompt_tokens: 11, completion_tokens: 3, prompt_tokens_details: { cached_tokens: 4 } });
  });

  it('asks the upstream for usage but hides the usage chunk from a client that did not ask', async () => {
    const { data: stream, response } = await client.chat.completions
      .create({ model: 'gpt', messages: [{ role: 'user', content: 'hi' }], stream: true })
      .withResponse();
    const chunks: OpenAI.ChatCompletionChunk[] = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(upstream.received.at(-1)!.body.stream_options).toEqual({ include_usage: true });
    expect(chunks.every((chunk) => chunk.choices.length > 0)).toBe(true);
    expect(chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('')).toBe('Hello from upstream');
    const row = await logRow(response.headers.get('x-switchyard-request-id')!);
    expect(row).toMatchObject({ stream: true, status: 200, input_tokens: 11, output_tokens: 3, cached_tokens: 4 });
    // 7 uncached x $2/M + 4 cached at the input price (no cached price set) + 3 x $10/M.
    expect(row.cost_usd).toBe(0.000052);
  });

  it('lists the configured models', async () => {
    const models = await client.models.list();
    expect(models.data.map((model) => model.id).sort()).toEqual(['bad-request', 'demo', 'embed', 'failing', 'gpt', 'hang', 'limited', 'slow']);
  });

  it('passes embeddings through', async () => {
    const result = await client.embeddings.create({ model: 'embed', input: ['a', 'b'], encoding_format: 'float' });
    expect(result.data).toHaveLength(2);
    expect(result.data[0]?.embedding).toEqual([0.6, 0.8]);
    expect(upstream.received.at(-1)).toMatchObject({ url: '/v1/embeddings', body: { model: 'embed-model' } });
  });

  it('addresses a provider directly as provider/model', async () => {
    const result = await client.chat.completions.create({ model: 'up/direct-model', messages: [{ role: 'user', content: 'x' }] });
    expect(result.choices[0]?.message.content).toBe('Hello from upstream');
    expect(upstream.received.at(-1)!.body.model).toBe('direct-model');
  });
});
