import { describe, expect, it } from 'vitest';
import type { ChatStreamEvent } from '../../core/chat-stream-event.js';
import type { UpstreamFrame } from '../../core/upstream-frame.js';
import { createBedrockConverseStreamDecoder } from './bedrock-converse-stream-decoder.js';

/** Frames as the AWS event stream parser yields them. */
const frame = (event: string, payload: unknown): UpstreamFrame => ({ event, data: typeof payload === 'string' ? payload : JSON.stringify(payload), raw: '' });

function decode(frames: readonly UpstreamFrame[]): ChatStreamEvent[] {
  const decoder = createBedrockConverseStreamDecoder();
  const events: ChatStreamEvent[] = [];
  for (const item of frames) events.push(...decoder.push(item));
  events.push(...decoder.end());
  return events;
}

describe('createBedrockConverseStreamDecoder', () => {
  it('decodes reasoning, text, tool calls, the stop reason and usage', () => {
    const events = decode([
      frame('messageStart', { role: 'assistant', p: 'abcd' }),
      frame('contentBlockDelta', { contentBlockIndex: 0, delta: { reasoningContent: { text: 'Weather needs ' } } }),
      frame('contentBlockDelta', { contentBlockIndex: 0, delta: { reasoningContent: { text: 'a tool.' } } }),
      frame('contentBlockDelta', { contentBlockIndex: 0, delta: { reasoningContent: { signature: 'EqoBCkgIARAB' } } }),
      frame('contentBlockStop', { contentBlockIndex: 0 }),
      frame('contentBlockDelta', { contentBlockIndex: 1, delta: { text: 'Let me check.' } }),
      frame('contentBlockStop', { contentBlockIndex: 1 }),
      frame('contentBlockStart', { contentBlockIndex: 2, start: { toolUse: { toolUseId: 'tooluse_a', name: 'get_weather' } } }),
      frame('contentBlockDelta', { contentBlockIndex: 2, delta: { toolUse: { input: '{"city":' } } }),
      frame('contentBlockDelta', { contentBlockIndex: 2, delta: { toolUse: { input: '"Paris"}' } } }),
      frame('contentBlockStop', { contentBlockIndex: 2 }),
      frame('contentBlockStart', { contentBlockIndex: 3, start: { toolUse: { toolUseId: 'tooluse_b', name: 'get_time' } } }),
      frame('contentBlockStop', { contentBlockIndex: 3 }),
      frame('messageStop', { stopReason: 'tool_use' }),
      frame('metadata', { usage: { inputTokens: 10, outputTokens: 20, totalTokens: 530, cacheReadInputTokens: 500 }, metrics: { latencyMs: 900 } }),
    ]);
    expect(events).toStrictEqual([
      { type: 'response-start', id: '', model: '', createdAt: 0 },
      { type: 'reasoning-delta', index: 0, delta: 'Weather needs ' },
      { type: 'reasoning-delta', index: 0, delta: 'a tool.' },
      { type: 'reasoning-delta', index: 0, delta: '', signature: 'EqoBCkgIARAB' },
      { type: 'text-delta', index: 0, delta: 'Let me check.' },
      { type: 'tool-call-start', index: 0, toolIndex: 0, toolCallId: 'tooluse_a', toolName: 'get_weather' },
      { type: 'tool-call-delta', index: 0, toolIndex: 0, argumentsDelta: '{"city":' },
      { type: 'tool-call-delta', index: 0, toolIndex: 0, argumentsDelta: '"Paris"}' },
      { type: 'tool-call-end', index: 0, toolIndex: 0 },
      { type: 'tool-call-start', index: 0, toolIndex: 1, toolCallId: 'tooluse_b', toolName: 'get_time' },
      { type: 'tool-call-delta', index: 0, toolIndex: 1, argumentsDelta: '{}' },
      { type: 'tool-call-end', index: 0, toolIndex: 1 },
      { type: 'choice-end', index: 0, finishReason: { unified: 'tool-calls', raw: 'tool_use' } },
      { type: 'usage', usage: { inputTokens: 510, outputTokens: 20, cachedInputTokens: 500 } },
      { type: 'response-end' },
    ]);
  });

  it('closes open tool calls and the choice when the body ends early', () => {
    const events = decode([
      frame('messageStart', { role: 'assistant' }),
      frame('contentBlockStart', { contentBlockIndex: 0, start: { toolUse: { toolUseId: 'tooluse_x', name: 'lookup' } } }),
      frame('contentBlockDelta', { contentBlockIndex: 0, delta: { toolUse: { input: '{"q":1}' } } }),
    ]);
    expect(events.slice(-3)).toStrictEqual([
      { type: 'tool-call-end', index: 0, toolIndex: 0 },
      { type: 'choice-end', index: 0, finishReason: { unified: 'other' } },
      { type: 'response-end' },
    ]);
  });

  it('ends with one mapped error on an exception frame before any output', () => {
    const decoder = createBedrockConverseStreamDecoder();
    const events = decoder.push(frame('exception:throttlingException', { message: 'Too many requests, please wait before trying again.' }));
    expect(events).toHaveLength(1);
    const error = events[0]?.type === 'error' ? events[0].error : undefined;
    expect(error).toMatchObject({ code: 'GW_RATE_LIMITED', status: 429, retryable: true });
    expect(error?.message).toBe('bedrock-converse stream: throttlingException: Too many requests, please wait before trying again.');
    expect(decoder.push(frame('messageStart', { role: 'assistant' }))).toEqual([]);
    expect(decoder.end()).toEqual([]);
  });

  it('maps every stream exception type as its HTTP twin', () => {
    const cases: [string, string][] = [
      ['exception:modelStreamErrorException', 'GW_UPSTREAM_ERROR'],
      ['exception:internalServerException', 'GW_UPSTREAM_ERROR'],
      ['exception:serviceUnavailableException', 'GW_UNAVAILABLE'],
      ['exception:validationException', 'GW_UPSTREAM_BAD_REQUEST'],
      ['error:InternalFailure', 'GW_UPSTREAM_ERROR'],
    ];
    for (const [event, code] of cases) {
      const [only] = createBedrockConverseStreamDecoder().push(frame(event, { message: 'failed' }));
      expect(only?.type === 'error' ? only.error.code : undefined, event).toBe(code);
    }
  });

  it('reports malformed frames as errors and keeps decoding', () => {
    const events = decode([
      frame('messageStart', { role: 'assistant' }),
      frame('contentBlockDelta', '{not json'),
      frame('contentBlockDelta', { delta: { text: 'no index' } }),
      frame('contentBlockDelta', { contentBlockIndex: 4, delta: { toolUse: { input: '{}' } } }),
      frame('somethingNew', 'whatever'),
      frame('contentBlockDelta', { contentBlockIndex: 0, delta: { text: 'still here' } }),
      frame('messageStop', { stopReason: 'end_turn' }),
    ]);
    const errors = events.flatMap((event) => (event.type === 'error' ? [event.error.message] : []));
    expect(errors).toEqual([
      'bedrock-converse stream: malformed JSON in a contentBlockDelta event: {not json',
      'bedrock-converse stream: unexpected contentBlockDelta event: contentBlockIndex: is required (expected number)',
      'bedrock-converse stream: tool input for block 4, which started no tool call',
    ]);
    expect(events.filter((event) => event.type !== 'error')).toStrictEqual([
      { type: 'response-start', id: '', model: '', createdAt: 0 },
      { type: 'text-delta', index: 0, delta: 'still here' },
      { type: 'choice-end', index: 0, finishReason: { unified: 'stop', raw: 'end_turn' } },
      { type: 'response-end' },
    ]);
  });

  it('answers an empty body with response-end only', () => {
    expect(decode([])).toStrictEqual([{ type: 'response-end' }]);
  });
});
