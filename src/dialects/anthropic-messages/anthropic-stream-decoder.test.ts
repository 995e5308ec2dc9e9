import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ChatStreamEvent } from '../../core/chat-stream-event.js';
import { SseFrameParser } from '../../upstream/index.js';
import { decodeFramedChunks, seededCutOffsets, splitAt } from '../_shared/stream-chunks.js';
import { createAnthropicStreamDecoder } from './anthropic-stream-decoder.js';
import { JSON_RESPONSE_TOOL_NAME } from './json-response-tool.js';

const fixtureBytes = (name: string): Uint8Array => new Uint8Array(readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url)));

const decodeChunks = (chunks: readonly Uint8Array[]): ChatStreamEvent[] => decodeFramedChunks(new SseFrameParser(), createAnthropicStreamDecoder(), chunks);

function decodeEvents(payloads: readonly unknown[]): ChatStreamEvent[] {
  const decoder = createAnthropicStreamDecoder();
  const events: ChatStreamEvent[] = [];
  for (const payload of payloads) {
    const data = typeof payload === 'string' ? payload : JSON.stringify(payload);
    events.push(...decoder.push({ data, raw: `data: ${data}\n\n` }));
  }
  events.push(...decoder.end());
  return events;
}

const start = (id = 'msg_1', usage: unknown = { input_tokens: 10, output_tokens: 1 }) => ({
  type: 'message_start',
  message: { id, type: 'message', role: 'assistant', content: [], model: 'claude-test', usage },
});
const blockStart = (index: number, block: unknown) => ({ type: 'content_block_start', index, content_block: block });
const blockDelta = (index: number, delta: unknown) => ({ type: 'content_block_delta', index, delta });
const blockStop = (index: number) => ({ type: 'content_block_stop', index });
const messageDelta = (stopReason: string | null, usage: unknown = { output_tokens: 5 }) => ({
  type: 'message_delta',
  delta: { stop_reason: stopReason, stop_sequence: null },
  usage,
});

const TEXT_EVENTS: ChatStreamEvent[] = [
  { type: 'response-start', id: 'msg_01TextStreamAbc', model: 'claude-sonnet-4-20250514', createdAt: 0 },
  { type: 'text-delta', index: 0, delta: 'Hello' },
  { type: 'text-delta', index: 0, delta: ', wörld' },
  { type: 'text-delta', index: 0, delta: ' 🌍!' },
  { type: 'choice-end', index: 0, finishReason: { unified: 'stop', raw: 'end_turn' } },
  { type: 'usage', usage: { inputTokens: 21, outputTokens: 9, cachedInputTokens: 0, cacheWriteInputTokens: 0 } },
  { type: 'response-end' },
];

describe('createAnthropicStreamDecoder', () => {
  it('decodes a text stream, ping included, with merged usage sent once', () => {
    expect(decodeChunks([fixtureBytes('upstream-text.sse')])).toStrictEqual(TEXT_EVENTS);
  });

  it('gives the same events however the bytes are split', () => {
    for (const name of ['upstream-text.sse', 'upstream-tools.sse', 'upstream-thinking.sse']) {
      const bytes = fixtureBytes(name);
      const whole = decodeChunks([bytes]);
      for (const offsets of seededCutOffsets(bytes.length, name.length, { runs: 40, maxCuts: 12 })) expect(decodeChunks(splitAt(bytes, offsets))).toStrictEqual(whole);
    }
  });

  it('streams tool calls and gives a call without arguments "{}"', () => {
    expect(decodeChunks([fixtureBytes('upstream-tools.sse')])).toStrictEqual([
      { type: 'response-start', id: 'msg_01ToolsStreamDef', model: 'claude-sonnet-4-20250514', createdAt: 0 },
      { type: 'text-delta', index: 0, delta: 'Checking both.' },
      { type: 'tool-call-start', index: 0, toolIndex: 0, toolCallId: 'toolu_01WeatherParis', toolName: 'get_weather' },
      { type: 'tool-call-delta', index: 0, toolIndex: 0, argumentsDelta: '{"location": "Pa' },
      { type: 'tool-call-delta', index: 0, toolIndex: 0, argumentsDelta: 'ris"}' },
      { type: 'tool-call-end', index: 0, toolIndex: 0 },
      { type: 'tool-call-start', index: 0, toolIndex: 1, toolCallId: 'toolu_01ClockNoArgs', toolName: 'get_time' },
      { type: 'tool-call-delta', index: 0, toolIndex: 1, argumentsDelta: '{}' },
      { type: 'tool-call-end', index: 0, toolIndex: 1 },
      { type: 'choice-end', index: 0, finishReason: { unified: 'tool-calls', raw: 'tool_use' } },
      { type: 'usage', usage: { inputTokens: 390, outputTokens: 96, cachedInputTokens: 0, cacheWriteInputTokens: 0 } },
      { type: 'response-end' },
    ]);
  });

  it('streams thinking with its signature and redacted thinking apart from the answer', () => {
    expect(decodeChunks([fixtureBytes('upstream-thinking.sse')])).toStrictEqual([
      { type: 'response-start', id: 'msg_01ThinkStreamGhi', model: 'claude-sonnet-4-20250514', createdAt: 0 },
      { type: 'reasoning-delta', index: 0, delta: '27 * 453: 27 * 400 = 10800, ' },
      { type: 'reasoning-delta', index: 0, delta: '27 * 53 = 1431, total 12231.' },
      { type: 'reasoning-delta', index: 0, delta: '', signature: 'EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds' },
      {
        type: 'reasoning-delta',
        index: 0,
        delta: '',
        signature: 'anthropic-redacted-thinking:EmwKAhgBEgy3va3pzix/LafPsn4aDFIT2Xlxh0L5L8rLVyIwxtE3rAFBa8cr3qpP',
      },
      { type: 'text-delta', index: 0, delta: '27 * 453 = 12,231' },
      { type: 'choice-end', index: 0, finishReason: { unified: 'stop', raw: 'end_turn' } },
      {
        type: 'usage',
        usage: { inputTokens: 2100, outputTokens: 210, cachedInputTokens: 2048, cacheWriteInputTokens: 0, reasoningTokens: 180 },
      },
      { type: 'response-end' },
    ]);
  });

  it('ends with a retryable error event when the stream reports overload mid-answer', () => {
    const events = decodeChunks([fixtureBytes('upstream-error-mid-stream.sse')]);
    expect(events.slice(0, 2)).toStrictEqual([
      { type: 'response-start', id: 'msg_01MidErrorJkl', model: 'claude-sonnet-4-20250514', createdAt: 0 },
      { type: 'text-delta', index: 0, delta: 'Once upon' },
    ]);
    expect(events).toHaveLength(3);
    const last = events[2];
    expect(last?.type).toBe('error');
    if (last?.type !== 'error') return;
    expect(last.error).toMatchObject({ code: 'GW_UNAVAILABLE', retryable: true, message: 'anthropic-messages stream: Overloaded' });
  });

  it('maps an error event before any output without inventing a response start', () => {
    const events = decodeEvents([{ type: 'error', error: { type: 'rate_limit_error', message: 'Number of requests has exceeded your rate limit' } }]);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: 'error', error: { code: 'GW_RATE_LIMITED', retryable: true } });
  });

  it('reads the event name when the data has no type', () => {
    const decoder = createAnthropicStreamDecoder();
    const events = decoder.push({ event: 'error', data: '{"error":{"type":"api_error","message":"Internal server error"}}', raw: '' });
    expect(events[0]).toMatchObject({ type: 'error', error: { code: 'GW_UPSTREAM_ERROR', retryable: true } });
  });

  it('lets message_delta counts win over message_start counts', () => {
    const events = decodeEvents([
      start('msg_2', { input_tokens: 100, cache_read_input_tokens: 50, output_tokens: 1 }),
      messageDelta('end_turn', { input_tokens: 120, cache_read_input_tokens: 50, cache_creation_input_tokens: 30, output_tokens: 40 }),
      { type: 'message_stop' },
    ]);
    expect(events).toContainEqual({ type: 'usage', usage: { inputTokens: 200, outputTokens: 40, cachedInputTokens: 50, cacheWriteInputTokens: 30 } });
  });

  it('streams the JSON answer tool as text, "{}" when it streamed nothing, and finishes with stop', () => {
    const events = decodeEvents([
      start(),
      blockStart(0, { type: 'tool_use', id: 'toolu_json', name: JSON_RESPONSE_TOOL_NAME, input: {} }),
      blockDelta(0, { type: 'input_json_delta', partial_json: '{"city": ' }),
      blockDelta(0, { type: 'input_json_delta', partial_json: '"Paris"}' }),
      blockStop(0),
      messageDelta('tool_use'),
      { type: 'message_stop' },
    ]);
    expect(events.filter((event) => event.type === 'text-delta').map((event) => (event.type === 'text-delta' ? event.delta : ''))).toStrictEqual([
      '{"city": ',
      '"Paris"}',
    ]);
    expect(events.some((event) => event.type.startsWith('tool-call'))).toBe(false);
    expect(events).toContainEqual({ type: 'choice-end', index: 0, finishReason: { unified: 'stop', raw: 'tool_use' } });
    const empty = decodeEvents([start(), blockStart(0, { type: 'tool_use', id: 't', name: JSON_RESPONSE_TOOL_NAME, input: {} }), blockStop(0)]);
    expect(empty).toContainEqual({ type: 'text-delta', index: 0, delta: '{}' });
  });

  it('reads a tool input sent whole in content_block_start', () => {
    const events = decodeEvents([start(), blockStart(0, { type: 'tool_use', id: 't1', name: 'f', input: { a: 1 } }), blockStop(0)]);
    expect(events).toContainEqual({ type: 'tool-call-delta', index: 0, toolIndex: 0, argumentsDelta: '{"a":1}' });
    expect(events.filter((event) => event.type === 'tool-call-delta')).toHaveLength(1);
  });

  it('closes open tool calls and reports usage when the stream is cut short', () => {
    const events = decodeEvents([start('msg_cut'), blockStart(0, { type: 'tool_use', id: 't1', name: 'f', input: {} })]);
    expect(events.slice(1)).toStrictEqual([
      { type: 'tool-call-start', index: 0, toolIndex: 0, toolCallId: 't1', toolName: 'f' },
      { type: 'tool-call-delta', index: 0, toolIndex: 0, argumentsDelta: '{}' },
      { type: 'tool-call-end', index: 0, toolIndex: 0 },
      { type: 'choice-end', index: 0, finishReason: { unified: 'other' } },
      { type: 'usage', usage: { inputTokens: 10, outputTokens: 1 } },
      { type: 'response-end' },
    ]);
  });

  it('turns malformed events into error events and keeps going, never throwing', () => {
    const events = decodeEvents([
      start(),
      'not json',
      { type: 'content_block_delta', index: 'x', delta: {} },
      blockStart(0, { type: 'tool_use', name: 'missing_id' }),
      blockStart(1, { type: 'text', text: 'still here' }),
      { type: 'brand_new_event', whatever: true },
      blockStart(2, { type: 'web_search_tool_result', content: [] }),
      blockDelta(1, { type: 'citations_delta', citation: {} }),
      messageDelta('end_turn'),
      { type: 'message_stop' },
    ]);
    const errors = events.filter((event) => event.type === 'error');
    expect(errors).toHaveLength(3);
    for (const error of errors) if (error.type === 'error') expect(error.error.code).toBe('GW_UPSTREAM_ERROR');
    expect(events).toContainEqual({ type: 'text-delta', index: 0, delta: 'still here' });
    expect(events.at(-1)).toStrictEqual({ type: 'response-end' });
  });

  it('ignores frames after the end and ends only once', () => {
    const decoder = createAnthropicStreamDecoder();
    const frame = (payload: unknown) => ({ data: JSON.stringify(payload), raw: '' });
    decoder.push(frame(start()));
    expect(decoder.push(frame({ type: 'message_stop' }))).toContainEqual({ type: 'response-end' });
    expect(decoder.push(frame(blockStart(0, { type: 'text', text: 'late' })))).toStrictEqual([]);
    expect(decoder.end()).toStrictEqual([]);
  });
});
