import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway } from './support/start-gateway.js';
import type { RunningGateway } from './support/start-gateway.js';

let gateway: RunningGateway;
let client: OpenAI;

beforeAll(async () => {
  // No config file at all: the built-in defaults serve the `mock` model, auth off.
  gateway = await startGateway(undefined);
  client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: 'unused', maxRetries: 0 });
});

afterAll(async () => {
  await gateway?.stop();
});

describe('the built-in mock provider with the default config', () => {
  it('echoes the last user message with word-count usage, at zero cost', async () => {
    const { data, response } = await client.chat.completions
      .create({ model: 'mock', messages: [{ role: 'system', content: 'be nice' }, { role: 'user', content: 'hello there' }] })
      .withResponse();
    expect(data.choices[0]?.message.content).toBe('echo: hello there');
    expect(data.choices[0]?.finish_reason).toBe('stop');
    expect(data.usage).toMatchObject({ prompt_tokens: 4, completion_tokens: 3, total_tokens: 7 });
    expect(response.headers.get('x-switchyard-cost-usd')).toBe('0.000000');
  });

  it('streams one chunk per word, with usage when asked', async () => {
    const stream = await client.chat.completions.create({
      model: 'mock', messages: [{ role: 'user', content: 'one two three' }], stream: true, stream_options: { include_usage: true },
    });
    const deltas: string[] = [];
    let usage: OpenAI.CompletionUsage | undefined;
    for await (const chunk of stream) {
      const content = chunk.choices[0]?.delta.content;
      if (content) deltas.push(content);
      if (chunk.usage) usage = chunk.usage;
    }
    expect(deltas).toEqual(['echo:', ' one', ' two', ' three']);
    expect(usage).toMatchObject({ prompt_tokens: 3, completion_tokens: 4 });
  });

  it('embeds deterministically as unit vectors', async () => {
    const first = await client.embeddings.create({ model: 'mock', input: 'same text', encoding_format: 'float' });
    const second = await client.embeddings.create({ model: 'mock', input: ['same text', 'other'], encoding_format: 'float' });
    expect(second.data[0]?.embedding).toEqual(first.data[0]?.embedding);
    expect(second.data[1]?.embedding).not.toEqual(first.data[0]?.embedding);
    const vector = first.data[0]!.embedding;
    expect(Math.hypot(...vector)).toBeCloseTo(1, 6);
    // The official client's default base64 encoding decodes to the same vector.
    const decoded = await client.embeddings.create({ model: 'mock', input: 'same text' });
    expect(decoded.data[0]!.embedding.map((value) => Number(value.toFixed(5)))).toEqual(vector.map((value) => Number(value.toFixed(5))));
  });

  it('obeys x-mock-status and x-mock-latency-ms', async () => {
    const failing = await client.chat.completions
      .create({ model: 'mock', messages: [{ role: 'user', content: 'x' }] }, { headers: { 'x-mock-status': '503' } })
      .then(() => undefined, (error: unknown) => error);
    expect(failing).toMatchObject({ status: 502, code: 'upstream_error' });
    const started = performance.now();
    await client.chat.completions.create({ model: 'mock', messages: [{ role: 'user', content: 'x' }] }, { headers: { 'x-mock-latency-ms': '300' } });
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
  });

  it('spaces streamed chunks by x-mock-chunk-delay-ms', async () => {
    const started = performance.now();
    const stream = await client.chat.completions.create(
      { model: 'mock', messages: [{ role: 'user', content: 'a b c' }], stream: true },
      { headers: { 'x-mock-chunk-delay-ms': '100' } },
    );
    for await (const chunk of stream) void chunk;
    // Four words, three gaps between them.
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
  });
});
