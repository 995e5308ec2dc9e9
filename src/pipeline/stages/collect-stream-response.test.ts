import { describe, expect, it } from 'vitest';
import type { ChatResponse } from '../../core/chat-response.js';
import { StreamResponseCollector } from './collect-stream-response.js';
import { responseToStreamEvents } from './response-to-stream-events.js';

const answer: ChatResponse = {
  id: 'r1',
  model: 'm',
  createdAt: 7,
  choices: [
    {
      index: 0,
      content: [
        { type: 'reasoning', text: 'think', signature: 'sig' },
        { type: 'text', text: 'Hello' },
        { type: 'tool-call', toolCallId: 'c1', toolName: 'f', argumentsJson: '{"a":1}' },
        { type: 'tool-call', toolCallId: 'c2', toolName: 'g', argumentsJson: '{}' },
      ],
      finishReason: { unified: 'tool-calls', raw: 'tool_calls' },
    },
  ],
  usage: { inputTokens: 3, outputTokens: 4 },
};

describe('stream events and complete answers', () => {
  it('round-trips: an answer as events, collected back, is the same answer', () => {
    const collector = new StreamResponseCollector();
    for (const event of responseToStreamEvents(answer)) collector.push(event);
    expect(collector.response()).toEqual(answer);
  });

  it('joins consecutive text deltas and appends tool arguments in order', () => {
    const collector = new StreamResponseCollector();
    collector.push({ type: 'response-start', id: 'x', model: 'm', createdAt: 0 });
    collector.push({ type: 'text-delta', index: 0, delta: 'He' });
    collector.push({ type: 'text-delta', index: 0, delta: 'llo' });
    collector.push({ type: 'tool-call-start', index: 0, toolIndex: 0, toolCallId: 'c', toolName: 'f' });
    collector.push({ type: 'tool-call-delta', index: 0, toolIndex: 0, argumentsDelta: '{"q":' });
    collector.push({ type: 'tool-call-delta', index: 0, toolIndex: 0, argumentsDelta: '2}' });
    collector.push({ type: 'choice-end', index: 0, finishReason: { unified: 'tool-calls' } });
    expect(collector.response().choices[0]?.content).toEqual([
      { type: 'text', text: 'Hello' },
      { type: 'tool-call', toolCallId: 'c', toolName: 'f', argumentsJson: '{"q":2}' },
    ]);
  });
});
