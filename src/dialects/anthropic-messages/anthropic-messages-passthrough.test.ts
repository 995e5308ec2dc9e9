import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SseFrameParser } from '../../upstream/index.js';
import { anthropicMessagesPassthrough } from './anthropic-messages-passthrough.js';

const fixtureText = (name: string): string => readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');

describe('anthropicMessagesPassthrough', () => {
  it('rewrites only the model', () => {
    const body = { model: 'alias', max_tokens: 10, stream: true, top_k: 3, messages: [] };
    expect(anthropicMessagesPassthrough.prepareBody(body, { model: 'claude-opus-4-1', requestStreamUsage: true })).toStrictEqual({
      ...body,
      model: 'claude-opus-4-1',
    });
  });

  it('reads usage from a complete message', () => {
    const text = JSON.stringify({
      id: 'msg_1',
      content: [{ type: 'tool_use', id: 't', name: 'f', input: { usage: { input_tokens: 999 } } }],
      usage: { input_tokens: 5, cache_read_input_tokens: 100, output_tokens: 7 },
    });
    expect(anthropicMessagesPassthrough.readUsage(text)).toStrictEqual({ inputTokens: 105, outputTokens: 7, cachedInputTokens: 100 });
    expect(anthropicMessagesPassthrough.readUsage('{"id":"x"}')).toBeUndefined();
  });

  it('taps usage from message_start and message_delta and forwards every frame', () => {
    const parser = new SseFrameParser();
    const tap = anthropicMessagesPassthrough.createStreamTap!({ dropUsageOnlyFrames: true });
    const text = fixtureText('upstream-thinking.sse');
    const frames = [...parser.push(text), ...parser.end()];
    const verdicts = frames.map((frame) => tap.push(frame));
    expect(verdicts.every((verdict) => verdict.forward)).toBe(true);
    expect(frames.map((frame) => frame.raw).join('')).toBe(text);
    const usages = verdicts.flatMap((verdict) => (verdict.usage ? [verdict.usage] : []));
    expect(usages).toStrictEqual([
      { inputTokens: 2100, outputTokens: 3, cachedInputTokens: 2048, cacheWriteInputTokens: 0 },
      { inputTokens: 2100, outputTokens: 210, cachedInputTokens: 2048, cacheWriteInputTokens: 0, reasoningTokens: 180 },
    ]);
  });

  it('reports in-band errors, with or without an event line', () => {
    const tap = anthropicMessagesPassthrough.createStreamTap!({ dropUsageOnlyFrames: false });
    const data = '{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}';
    // Classified by its type, so before the commit point an overload is retried elsewhere.
    const classified = { forward: true, errorMessage: 'Overloaded', error: expect.objectContaining({ code: 'GW_UNAVAILABLE', retryable: true }) };
    expect(tap.push({ event: 'error', data, raw: '' })).toEqual(classified);
    expect(tap.push({ data, raw: '' })).toEqual(classified);
    expect(tap.push({ event: 'message_delta', data: 'not json', raw: '' })).toStrictEqual({ forward: true });
    expect(tap.push({ event: 'content_block_delta', data: '{"type":"content_block_delta"}', raw: '' })).toStrictEqual({ forward: true });
  });
});
