import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ChatStreamEvent } from '../../core/chat-stream-event.js';
import { SseFrameParser } from '../../upstream/index.js';
import { decodeFramedChunks, splitEvery } from '../_shared/stream-chunks.js';
import { createCohereChatStreamDecoder } from './cohere-chat-stream-decoder.js';

const fixtureBytes = (name: string): Uint8Array => new Uint8Array(readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url)));

const decodeChunks = (chunks: readonly Uint8Array[]): ChatStreamEvent[] => decodeFramedChunks(new SseFrameParser(), createCohereChatStreamDecoder(), chunks);

const frame = (data: string, event?: string) => ({ data, raw: `data: ${data}\n\n`, ...(event ? { event } : {}) });

const TEXT_EVENTS: ChatStreamEvent[] = [
  { type: 'response-start', id: '29f14a5a-11de-4cae-9800-25e4747408ea', model: '', createdAt: 0 },
  { type: 'text-delta', index: 0, delta: 'Hello' },
  { type: 'text-delta', index: 0, delta: ', wörld' },
  { type: 'text-delta', index: 0, delta: ' 🌍!' },
  { type: 'choice-end', index: 0, finishReason: { unified: 'stop', raw: 'COMPLETE' } },
  { type: 'usage', usage: { inputTokens: 5, outputTokens: 6 } },
  { type: 'response-end' },
];

const TOOL_EVENTS: ChatStreamEvent[] = [
  { type: 'response-start', id: '7b2a1d7c-8f0e-4a57-a0c5-6f1e2d3c4b5a', model: '', createdAt: 0 },
  { type: 'reasoning-delta', index: 0, delta: 'I will look up' },
  { type: 'reasoning-delta', index: 0, delta: ' the weather and the time.' },
  { type: 'tool-call-start', index: 0, toolIndex: 0, toolCallId: 'get_weather_k8c2xq9v3d1m', toolName: 'get_weather' },
  { type: 'tool-call-delta', index: 0, toolIndex: 0, argumentsDelta: '{"lo' },
  { type: 'tool-call-delta', index: 0, toolIndex: 0, argumentsDelta: 'cation": "Paris"}' },
  { type: 'tool-call-end', index: 0, toolIndex: 0 },
  { type: 'tool-call-start', index: 0, toolIndex: 1, toolCallId: 'get_time_p4w7n2b8s6t0', toolName: 'get_time' },
  { type: 'tool-call-delta', index: 0, toolIndex: 1, argumentsDelta: '{"timezone": "Europe/Paris"}' },
  { type: 'tool-call-end', index: 0, toolIndex: 1 },
  { type: 'choice-end', index: 0, finishReason: { unified: 'tool-calls', raw: 'TOOL_CALL' } },
  { type: 'usage', usage: { inputTokens: 37, outputTokens: 41 } },
  { type: 'response-end' },
];

const REASONING_EVENTS: ChatStreamEvent[] = [
  { type: 'response-start', id: 'd4a1c9e0-3b7f-4e21-9a55-0c8b7e6f5d4c', model: '', createdAt: 0 },
  { type: 'reasoning-delta', index: 0, delta: 'Compare 9.11' },
  { type: 'reasoning-delta', index: 0, delta: ' and 9.8.' },
  { type: 'text-delta', index: 0, delta: '9.11 is smaller.' },
  { type: 'choice-end', index: 0, finishReason: { unified: 'stop', raw: 'COMPLETE' } },
  { type: 'usage', usage: { inputTokens: 14, outputTokens: 45, cachedInputTokens: 0 } },
  { type: 'response-end' },
];

describe('createCohereChatStreamDecoder over documented-format fixtures', () => {
  const cases: [string, ChatStreamEvent[]][] = [
    ['text.sse', TEXT_EVENTS],
    ['tool-calls.sse', TOOL_EVENTS],
    ['reasoning.sse', REASONING_EVENTS],
  ];
  for (const [name, expected] of cases) {
    it(`decodes ${name} whole and split into small chunks`, () => {
      const bytes = fixtureBytes(name);
      expect(decodeChunks([bytes])).toStrictEqual(expected);
      for (const size of [1, 7, 64]) expect(decodeChunks(splitEvery(bytes, size))).toStrictEqual(expected);
    });
  }
});

describe('createCohereChatStreamDecoder edge cases', () => {
  it('turns message-end with finish_reason ERROR into an error event, after the usage', () => {
    const decoder = createCohereChatStreamDecoder();
    decoder.push(frame('{"id":"m","type":"message-start"}'));
    const events = decoder.push(frame('{"type":"message-end","delta":{"finish_reason":"ERROR","error":"internal failure","usage":{"billed_units":{"input_tokens":3,"output_tokens":1}}}}'));
    expect(events[0]).toStrictEqual({ type: 'usage', usage: { inputTokens: 3, outputTokens: 1 } });
    expect(events[1]).toMatchObject({ type: 'error', error: { code: 'GW_UPSTREAM_ERROR', retryable: true } });
    expect(events[1]?.type === 'error' && events[1].error.message).toBe('cohere-chat stream: generation failed: internal failure');
    expect(decoder.end()).toStrictEqual([]);
  });

  it('reads the event name from the SSE `event:` field when the JSON has no type', () => {
    const decoder = createCohereChatStreamDecoder();
    expect(decoder.push(frame('{"index":0,"delta":{"message":{"content":{"text":"hi"}}}}', 'content-delta'))).toStrictEqual([
      { type: 'response-start', id: '', model: '', createdAt: 0 },
      { type: 'text-delta', index: 0, delta: 'hi' },
    ]);
  });

  it("turns Cohere's {message} error shape, malformed JSON and bad shapes into error events", () => {
    const decoder = createCohereChatStreamDecoder();
    const [upstream] = decoder.push(frame('{"message":"internal server error, key sk-abc123secret"}'));
    expect(upstream?.type === 'error' && upstream.error.message).toBe('cohere-chat stream: upstream error: internal server error, key [redacted]');
    const [malformed] = decoder.push(frame('{"type":'));
    expect(malformed?.type === 'error' && malformed.error.message).toContain('malformed JSON event');
    const [shape] = decoder.push(frame('{"type":"content-delta","index":"zero"}'));
    expect(shape?.type === 'error' && shape.error.message).toBe('cohere-chat stream: unexpected event: index: expected number, received string');
  });

  it('closes open tool calls and the choice when the body stops without message-end', () => {
    const decoder = createCohereChatStreamDecoder();
    decoder.push(frame('{"type":"tool-call-start","index":0,"delta":{"message":{"tool_calls":{"id":"t1","type":"function","function":{"name":"f","arguments":"{}"}}}}}'));
    expect(decoder.end()).toStrictEqual([
      { type: 'tool-call-end', index: 0, toolIndex: 0 },
      { type: 'choice-end', index: 0, finishReason: { unified: 'other' } },
      { type: 'response-end' },
    ]);
    expect(decoder.push(frame('{"type":"content-delta","delta":{"message":{"content":{"text":"late"}}}}'))).toStrictEqual([]);
  });

  it('skips citations, debug events and empty frames', () => {
    const decoder = createCohereChatStreamDecoder();
    decoder.push(frame('{"id":"m","type":"message-start"}'));
    expect(decoder.push(frame('{"type":"citation-start","index":0,"delta":{"message":{"citations":{"start":0,"end":3}}}}'))).toStrictEqual([]);
    expect(decoder.push(frame('{"type":"citation-end","index":0}'))).toStrictEqual([]);
    expect(decoder.push(frame('{"type":"debug","prompt":"..."}'))).toStrictEqual([]);
    expect(decoder.push(frame(''))).toStrictEqual([]);
  });

  it('ignores deltas for tool calls that never started', () => {
    const decoder = createCohereChatStreamDecoder();
    decoder.push(frame('{"id":"m","type":"message-start"}'));
    expect(decoder.push(frame('{"type":"tool-call-delta","index":3,"delta":{"message":{"tool_calls":{"function":{"arguments":"{"}}}}}'))).toStrictEqual([]);
    expect(decoder.push(frame('{"type":"tool-call-end","index":3}'))).toStrictEqual([]);
  });
});
