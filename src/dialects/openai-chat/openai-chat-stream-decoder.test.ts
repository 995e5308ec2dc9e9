import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ChatStreamEvent } from '../../core/chat-stream-event.js';
import { SseFrameParser } from '../../upstream/index.js';
import { decodeFramedChunks, seededCutOffsets, splitAt } from '../_shared/stream-chunks.js';
import { createOpenAIChatStreamDecoder } from './openai-chat-stream-decoder.js';

const fixtureBytes = (name: string): Uint8Array => new Uint8Array(readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url)));

const decodeChunks = (chunks: readonly Uint8Array[]): ChatStreamEvent[] => decodeFramedChunks(new SseFrameParser(), createOpenAIChatStreamDecoder(), chunks);

const frame = (data: string) => ({ data, raw: `data: ${data}\n\n` });

const TEXT_EVENTS: ChatStreamEvent[] = [
  { type: 'response-start', id: 'chatcmpl-9xTextAbc', model: 'gpt-4o-mini-2024-07-18', createdAt: 1726000000 },
  { type: 'text-delta', index: 0, delta: 'Hello' },
  { type: 'text-delta', index: 0, delta: ', wörld' },
  { type: 'text-delta', index: 0, delta: ' 🌍!' },
  { type: 'choice-end', index: 0, finishReason: { unified: 'stop', raw: 'stop' } },
  { type: 'response-end' },
];

const TOOL_EVENTS: ChatStreamEvent[] = [
  { type: 'response-start', id: 'chatcmpl-9xToolsDef', model: 'gpt-4o-2024-08-06', createdAt: 1726000100 },
  { type: 'tool-call-start', index: 0, toolIndex: 0, toolCallId: 'call_weather_01', toolName: 'get_weather' },
  { type: 'tool-call-delta', index: 0, toolIndex: 0, argumentsDelta: '{"lo' },
  { type: 'tool-call-delta', index: 0, toolIndex: 0, argumentsDelta: 'cation": "Paris"}' },
  { type: 'tool-call-start', index: 0, toolIndex: 1, toolCallId: 'call_time_02', toolName: 'get_time' },
  { type: 'tool-call-delta', index: 0, toolIndex: 1, argumentsDelta: '{"timezone": ' },
  { type: 'tool-call-delta', index: 0, toolIndex: 1, argumentsDelta: '"Europe/Paris"}' },
  { type: 'tool-call-end', index: 0, toolIndex: 0 },
  { type: 'tool-call-end', index: 0, toolIndex: 1 },
  { type: 'choice-end', index: 0, finishReason: { unified: 'tool-calls', raw: 'tool_calls' } },
  { type: 'usage', usage: { inputTokens: 82, outputTokens: 45, cachedInputTokens: 0, reasoningTokens: 0 } },
  { type: 'response-end' },
];

const USAGE_EVENTS: ChatStreamEvent[] = [
  { type: 'response-start', id: 'chatcmpl-9xUsageGhi', model: 'gpt-4o-2024-08-06', createdAt: 1726000200 },
  { type: 'text-delta', index: 0, delta: 'Cached' },
  { type: 'text-delta', index: 0, delta: ' answer.' },
  { type: 'choice-end', index: 0, finishReason: { unified: 'length', raw: 'length' } },
  { type: 'usage', usage: { inputTokens: 2006, outputTokens: 300, cachedInputTokens: 1920, reasoningTokens: 0 } },
  { type: 'response-end' },
];

const REASONING_EVENTS: ChatStreamEvent[] = [
  { type: 'response-start', id: '930c60df-bf64-41c9-a88e-3ec75f81e00e', model: 'deepseek-reasoner', createdAt: 1737000000 },
  { type: 'reasoning-delta', index: 0, delta: 'Compare 9.11' },
  { type: 'reasoning-delta', index: 0, delta: ' and 9.8.' },
  { type: 'text-delta', index: 0, delta: '9.11' },
  { type: 'text-delta', index: 0, delta: ' is smaller.' },
  { type: 'choice-end', index: 0, finishReason: { unified: 'stop', raw: 'stop' } },
  { type: 'usage', usage: { inputTokens: 13, outputTokens: 40, cachedInputTokens: 0, reasoningTokens: 30 } },
  { type: 'response-end' },
];

describe('createOpenAIChatStreamDecoder over recorded-format fixtures', () => {
  const cases: [string, ChatStreamEvent[]][] = [
    ['text.sse', TEXT_EVENTS],
    ['tool-calls.sse', TOOL_EVENTS],
    ['usage-only-final-chunk.sse', USAGE_EVENTS],
    ['reasoning-content.sse', REASONING_EVENTS],
  ];

  for (const [name, expected] of cases) {
    it(`decodes ${name} whole and under seeded random splits`, () => {
      const bytes = fixtureBytes(name);
      expect(decodeChunks([bytes])).toStrictEqual(expected);
      for (const offsets of seededCutOffsets(bytes.length, bytes.length, { runs: 50, maxCuts: 12 })) expect(decodeChunks(splitAt(bytes, offsets))).toStrictEqual(expected);
    });
  }

  it('decodes tool-calls.sse split at every byte offset, and with CRLF line ends', () => {
    const bytes = fixtureBytes('tool-calls.sse');
    for (let offset = 0; offset <= bytes.length; offset += 1) expect(decodeChunks(splitAt(bytes, [offset]))).toStrictEqual(TOOL_EVENTS);
    const crlf = new TextEncoder().encode(new TextDecoder().decode(bytes).replaceAll('\n', '\r\n'));
    expect(decodeChunks(splitAt(crlf, [100, 101, 500]))).toStrictEqual(TOOL_EVENTS);
  });
});

describe('createOpenAIChatStreamDecoder edge cases', () => {
  it('closes open tools and choices and ends once when the body stops without [DONE]', () => {
    const decoder = createOpenAIChatStreamDecoder();
    decoder.push(frame('{"id":"c","created":1,"model":"m","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"t","function":{"name":"f","arguments":"{"}}]}}]}'));
    expect(decoder.end()).toStrictEqual([
      { type: 'tool-call-end', index: 0, toolIndex: 0 },
      { type: 'choice-end', index: 0, finishReason: { unified: 'other' } },
      { type: 'response-end' },
    ]);
    expect(decoder.end()).toStrictEqual([]);
    expect(decoder.push(frame('[DONE]'))).toStrictEqual([]);
  });

  it('sends nothing after [DONE], and end() adds nothing', () => {
    const decoder = createOpenAIChatStreamDecoder();
    expect(decoder.push(frame('[DONE]'))).toStrictEqual([{ type: 'response-end' }]);
    expect(decoder.push(frame('{"choices":[{"index":0,"delta":{"content":"late"}}]}'))).toStrictEqual([]);
    expect(decoder.end()).toStrictEqual([]);
  });

  it('turns an in-stream error payload into an error event', () => {
    const decoder = createOpenAIChatStreamDecoder();
    const [event] = decoder.push(frame('{"error":{"message":"The server is overloaded (key sk-live-secret123)","type":"server_error"}}'));
    expect(event?.type).toBe('error');
    if (event?.type !== 'error') return;
    expect(event.error.code).toBe('GW_UPSTREAM_ERROR');
    expect(event.error.message).toBe('openai-chat stream: upstream error: The server is overloaded (key [redacted])');
  });

  it('turns the vLLM / Mistral error object into an error event', () => {
    const [event] = createOpenAIChatStreamDecoder().push(frame('{"object":"error","message":"Service unavailable","type":"internal_error","param":null,"code":"3000"}'));
    expect(event).toMatchObject({ type: 'error', error: { code: 'GW_UPSTREAM_ERROR', message: 'openai-chat stream: upstream error: Service unavailable' } });
  });

  it('turns malformed JSON and unexpected shapes into error events instead of throwing', () => {
    const decoder = createOpenAIChatStreamDecoder();
    const [malformed] = decoder.push(frame('{"choices": [{"delta": '));
    expect(malformed).toMatchObject({ type: 'error', error: { code: 'GW_UPSTREAM_ERROR' } });
    expect(malformed?.type === 'error' && malformed.error.message).toContain('malformed JSON chunk');
    const [shape] = decoder.push(frame('{"choices":"nope"}'));
    expect(shape?.type === 'error' && shape.error.message).toBe('openai-chat stream: unexpected chunk: choices: expected array, received string');
    expect(decoder.push(frame('{"id":"c","choices":[{"index":0,"delta":{"content":"ok"}}]}'))).toStrictEqual([
      { type: 'response-start', id: 'c', model: '', createdAt: 0 },
      { type: 'text-delta', index: 0, delta: 'ok' },
    ]);
  });

  it('reads `reasoning` deltas (vLLM, Groq, OpenRouter) and Mistral thinking chunks as reasoning', () => {
    const decoder = createOpenAIChatStreamDecoder();
    const events = [
      ...decoder.push(frame('{"id":"c","choices":[{"index":0,"delta":{"reasoning":"Hmm"}}]}')),
      ...decoder.push(frame('{"id":"c","choices":[{"index":0,"delta":{"reasoning_content":"A","reasoning":"A"}}]}')),
      ...decoder.push(frame('{"id":"c","choices":[{"index":0,"delta":{"content":[{"type":"thinking","thinking":[{"type":"text","text":"deep"}]}]}}]}')),
      ...decoder.push(frame('{"id":"c","choices":[{"index":0,"delta":{"content":[{"type":"text","text":"Out"}]}}]}')),
    ];
    expect(events.slice(1)).toStrictEqual([
      { type: 'reasoning-delta', index: 0, delta: 'Hmm' },
      { type: 'reasoning-delta', index: 0, delta: 'A' },
      { type: 'reasoning-delta', index: 0, delta: 'deep' },
      { type: 'text-delta', index: 0, delta: 'Out' },
    ]);
  });

  it('ignores empty keep-alive frames', () => {
    expect(createOpenAIChatStreamDecoder().push(frame(''))).toStrictEqual([]);
  });

  it('counts only the first finish_reason of a choice', () => {
    const decoder = createOpenAIChatStreamDecoder();
    decoder.push(frame('{"id":"c","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}'));
    expect(decoder.push(frame('{"id":"c","choices":[{"index":0,"delta":{},"finish_reason":"stop"}],"usage":{"prompt_tokens":1,"completion_tokens":2}}'))).toStrictEqual([
      { type: 'usage', usage: { inputTokens: 1, outputTokens: 2 } },
    ]);
  });

  it('keeps several choices apart', () => {
    const decoder = createOpenAIChatStreamDecoder();
    const events = [
      ...decoder.push(frame('{"id":"c","choices":[{"index":0,"delta":{"content":"a"}},{"index":1,"delta":{"content":"b"}}]}')),
      ...decoder.push(frame('{"id":"c","choices":[{"index":1,"delta":{},"finish_reason":"length"}]}')),
      ...decoder.push(frame('[DONE]')),
    ];
    expect(events.slice(1)).toStrictEqual([
      { type: 'text-delta', index: 0, delta: 'a' },
      { type: 'text-delta', index: 1, delta: 'b' },
      { type: 'choice-end', index: 1, finishReason: { unified: 'length', raw: 'length' } },
      { type: 'choice-end', index: 0, finishReason: { unified: 'other' } },
      { type: 'response-end' },
    ]);
  });

  it('keeps calls apart when a server reuses index 0 for each new call id', () => {
    const decoder = createOpenAIChatStreamDecoder();
    const events = [
      ...decoder.push(frame('{"id":"c","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"A1b2C3d4E","function":{"name":"f","arguments":"{\\"a\\":1}"}}]}}]}')),
      ...decoder.push(frame('{"id":"c","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"Z9y8X7w6V","function":{"name":"g","arguments":"{"}}]}}]}')),
      ...decoder.push(frame('{"id":"c","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"}"}}]},"finish_reason":"tool_calls"}]}')),
    ];
    expect(events.slice(1, 5)).toStrictEqual([
      { type: 'tool-call-start', index: 0, toolIndex: 0, toolCallId: 'A1b2C3d4E', toolName: 'f' },
      { type: 'tool-call-delta', index: 0, toolIndex: 0, argumentsDelta: '{"a":1}' },
      { type: 'tool-call-start', index: 0, toolIndex: 1, toolCallId: 'Z9y8X7w6V', toolName: 'g' },
      { type: 'tool-call-delta', index: 0, toolIndex: 1, argumentsDelta: '{' },
    ]);
    expect(events[5]).toStrictEqual({ type: 'tool-call-delta', index: 0, toolIndex: 1, argumentsDelta: '}' });
  });

  it('numbers whole tool calls from servers that omit the index', () => {
    const decoder = createOpenAIChatStreamDecoder();
    const events = decoder.push(
      frame(
        '{"id":"c","choices":[{"index":0,"delta":{"tool_calls":[{"id":"a","function":{"name":"f","arguments":"{}"}},{"id":"b","function":{"name":"g","arguments":"{}"}}]},"finish_reason":"tool_calls"}]}',
      ),
    );
    expect(events.filter((event) => event.type === 'tool-call-start')).toStrictEqual([
      { type: 'tool-call-start', index: 0, toolIndex: 0, toolCallId: 'a', toolName: 'f' },
      { type: 'tool-call-start', index: 0, toolIndex: 1, toolCallId: 'b', toolName: 'g' },
    ]);
  });
});

describe('openai-chat stream decoder: how answers end', () => {
  const frame = (value: unknown) => ({ data: JSON.stringify(value), raw: '' });
  const chunk = (choices: unknown[], extra: Record<string, unknown> = {}) => frame({ id: 'c1', model: 'm', created: 5, choices, ...extra });

  it('starts the answer at the first chunk that names it (Azure opens with an anonymous filter chunk)', () => {
    const decoder = createOpenAIChatStreamDecoder();
    expect(decoder.push(frame({ id: '', model: '', created: 0, object: '', choices: [], prompt_filter_results: [] }))).toEqual([]);
    expect(decoder.push(chunk([{ index: 0, delta: { content: 'hi' } }]))[0]).toEqual({ type: 'response-start', id: 'c1', model: 'm', createdAt: 5 });
  });

  it('reports a forced tool call that finished with "stop" as ending in tool calls', () => {
    const decoder = createOpenAIChatStreamDecoder();
    decoder.push(chunk([{ index: 0, delta: { tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'f', arguments: '{}' } }] } }]));
    const end = decoder.push(chunk([{ index: 0, delta: {}, finish_reason: 'stop' }]));
    expect(end.at(-1)).toEqual({ type: 'choice-end', index: 0, finishReason: { unified: 'tool-calls', raw: 'stop' } });
  });

  it('ends at an in-band error: nothing after it looks like a normal finish', () => {
    const decoder = createOpenAIChatStreamDecoder();
    decoder.push(chunk([{ index: 0, delta: { content: 'par' } }]));
    const failed = decoder.push(frame({ error: { message: 'server overloaded', type: 'server_error' } }));
    expect(failed.map((event) => event.type)).toEqual(['error']);
    expect(decoder.push(chunk([{ index: 0, delta: {}, finish_reason: 'stop' }]))).toEqual([]);
    expect(decoder.end()).toEqual([]);
  });
});
