import { describe, expect, it } from 'vitest';
import type { ChatStreamEvent } from '../../core/chat-stream-event.js';
import { GatewayError } from '../../core/errors.js';
import { splitIntoWordChunks } from './mock-answer.js';
import { mockModel } from './mock-model.js';

const options = (headers: Record<string, string> = {}) => ({ model: 'mock-echo', provider: 'mock', signal: new AbortController().signal, headers });
const request = (text: string, stream = false) => ({
  model: 'mock',
  messages: [
    { role: 'system' as const, content: [{ type: 'text' as const, text: 'be brief' }] },
    { role: 'user' as const, content: [{ type: 'text' as const, text }] },
  ],
  sampling: {},
  stream,
});

describe('mock provider', () => {
  it('echoes the last user message with word-count usage', async () => {
    const response = await mockModel.chat(request('hello  there world'), options());
    expect(response).toMatchObject({
      model: 'mock-echo',
      choices: [{ content: [{ type: 'text', text: 'echo: hello  there world' }], finishReason: { unified: 'stop' } }],
      usage: { inputTokens: 5, outputTokens: 4 },
    });
  });

  it('streams one chunk per word that join to the same text', async () => {
    const stream = (await mockModel.chat(request('a b c', true), options())) as AsyncIterable<ChatStreamEvent>;
    const events: ChatStreamEvent[] = [];
    for await (const event of stream) events.push(event);
    const deltas = events.flatMap((event) => (event.type === 'text-delta' ? [event.delta] : []));
    expect(deltas).toEqual(['echo:', ' a', ' b', ' c']);
    expect(events.at(-2)).toEqual({ type: 'usage', usage: { inputTokens: 5, outputTokens: 4 } });
    expect(events.at(-1)).toEqual({ type: 'response-end' });
    expect(splitIntoWordChunks(' x  y \n').join('')).toBe(' x  y \n');
  });

  it('answers the requested error status, normalized', async () => {
    const error = await mockModel.chat(request('x'), options({ 'x-mock-status': '429', 'x-mock-retry-after': '2' })).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(GatewayError);
    expect(error).toMatchObject({ code: 'GW_RATE_LIMITED', retryAfterMs: 2000 });
    const serverError = await mockModel.chat(request('x'), options({ 'x-mock-status': '503' })).catch((caught: unknown) => caught);
    expect(serverError).toMatchObject({ status: 502, retryable: true });
  });

  it('waits x-mock-latency-ms and stops waiting on abort', async () => {
    const started = performance.now();
    await mockModel.chat(request('x'), options({ 'x-mock-latency-ms': '60' }));
    expect(performance.now() - started).toBeGreaterThanOrEqual(55);
    const controller = new AbortController();
    const pending = mockModel.chat(request('x'), { ...options({ 'x-mock-latency-ms': '10000' }), signal: controller.signal });
    controller.abort();
    await expect(pending).rejects.toThrow(/abort/i);
  });

  it('embeds deterministically as unit vectors', async () => {
    const first = await mockModel.embed({ model: 'm', input: ['hello', 'world'] }, options());
    const again = await mockModel.embed({ model: 'm', input: ['hello'] }, options());
    expect(first.embeddings).toHaveLength(2);
    expect(first.embeddings[0]).toEqual(again.embeddings[0]);
    expect(first.embeddings[0]).not.toEqual(first.embeddings[1]);
    const norm = Math.sqrt(first.embeddings[0]!.reduce((sum, value) => sum + value * value, 0));
    expect(norm).toBeCloseTo(1, 10);
    expect(first.usage).toEqual({ inputTokens: 2, outputTokens: 0 });
  });
});
