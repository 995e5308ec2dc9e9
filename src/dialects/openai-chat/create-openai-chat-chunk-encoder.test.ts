import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ChatStreamEvent } from '../../core/chat-stream-event.js';
import { GatewayError } from '../../core/errors.js';
import { SseFrameParser } from '../../upstream/index.js';
import { createOpenAIChatChunkEncoder } from './create-openai-chat-chunk-encoder.js';
import { createOpenAIChatStreamDecoder } from './openai-chat-stream-decoder.js';

function decodeSse(text: string): ChatStreamEvent[] {
  const parser = new SseFrameParser();
  const decoder = createOpenAIChatStreamDecoder();
  const events = parser.push(text).flatMap((frame) => decoder.push(frame));
  return [...events, ...parser.end().flatMap((frame) => decoder.push(frame)), ...decoder.end()];
}

function encodeAll(events: readonly ChatStreamEvent[], includeUsage: boolean): Record<string, unknown>[] {
  const encoder = createOpenAIChatChunkEncoder({ includeUsage });
  return events.flatMap((event) => encoder.encode(event));
}

const START: ChatStreamEvent = { type: 'response-start', id: 'chatcmpl-1', model: 'gpt-4o', createdAt: 1700000000 };
const head = { id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1700000000, model: 'gpt-4o' };
const choice = (delta: Record<string, unknown>, finishReason: string | null = null, index = 0) => ({
  ...head,
  choices: [{ index, delta, logprobs: null, finish_reason: finishReason }],
});

describe('createOpenAIChatChunkEncoder', () => {
  it('writes chunks the way OpenAI streams them', () => {
    const chunks = encodeAll(
      [
        START,
        { type: 'text-delta', index: 0, delta: 'Hi' },
        { type: 'reasoning-delta', index: 0, delta: 'hm' },
        { type: 'tool-call-start', index: 0, toolIndex: 0, toolCallId: 'call_1', toolName: 'f' },
        { type: 'tool-call-delta', index: 0, toolIndex: 0, argumentsDelta: '{}' },
        { type: 'tool-call-end', index: 0, toolIndex: 0 },
        { type: 'choice-end', index: 0, finishReason: { unified: 'tool-calls', raw: 'tool_use' } },
        { type: 'usage', usage: { inputTokens: 3, outputTokens: 4 } },
        { type: 'response-end' },
      ],
      true,
    );
    expect(chunks).toStrictEqual([
      choice({ role: 'assistant', content: '', refusal: null }),
      choice({ content: 'Hi' }),
      choice({ reasoning_content: 'hm' }),
      choice({ tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'f', arguments: '' } }] }),
      choice({ tool_calls: [{ index: 0, function: { arguments: '{}' } }] }),
      choice({}, 'tool_calls'),
      { ...head, choices: [], usage: { prompt_tokens: 3, completion_tokens: 4, total_tokens: 7 } },
    ]);
  });

  it('sends usage only when the caller asked for it', () => {
    const chunks = encodeAll([START, { type: 'usage', usage: { inputTokens: 3, outputTokens: 4 } }], false);
    expect(chunks).toHaveLength(1);
    expect(chunks.some((chunk) => 'usage' in chunk)).toBe(false);
  });

  it('sends no usage chunk when no count is known', () => {
    expect(encodeAll([START, { type: 'usage', usage: {} }], true)).toHaveLength(1);
  });

  it('announces the assistant role on the first chunk of every choice', () => {
    const chunks = encodeAll([START, { type: 'text-delta', index: 1, delta: 'b' }, { type: 'text-delta', index: 1, delta: 'c' }], false);
    expect(chunks.slice(1)).toStrictEqual([choice({ role: 'assistant', content: 'b' }, null, 1), choice({ content: 'c' }, null, 1)]);
  });

  it('uses the id and model it was given over the upstream ones', () => {
    const encoder = createOpenAIChatChunkEncoder({ id: 'gw-1', model: 'smart', includeUsage: false });
    expect(encoder.encode(START)[0]).toMatchObject({ id: 'gw-1', model: 'smart', created: 1700000000 });
  });

  it("writes an error event in OpenAI's error shape", () => {
    const error = new GatewayError('GW_UPSTREAM_ERROR', 'openai: overloaded');
    expect(encodeAll([START, { type: 'error', error }], false)[1]).toStrictEqual({
      error: { message: 'openai: overloaded', type: 'api_error', code: 'upstream_error', param: null },
    });
  });

  it('round-trips every fixture through encode and decode', () => {
    for (const name of ['text.sse', 'tool-calls.sse', 'usage-only-final-chunk.sse', 'reasoning-content.sse']) {
      const events = decodeSse(readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8'));
      const sse = `${encodeAll(events, true)
        .map((chunk) => `data: ${JSON.stringify(chunk)}\n\n`)
        .join('')}data: [DONE]\n\n`;
      expect(decodeSse(sse), name).toStrictEqual(events);
    }
  });
});
