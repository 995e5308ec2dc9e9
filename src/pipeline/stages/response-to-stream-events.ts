import type { ChatResponse } from '../../core/chat-response.js';
import type { ChatStreamEvent } from '../../core/chat-stream-event.js';

/**
 * A complete answer as the events of a stream, for a caller that asked to stream from a
 * target that answered in one piece (or a cache hit later on).
 */
export function responseToStreamEvents(response: ChatResponse): ChatStreamEvent[] {
  const events: ChatStreamEvent[] = [{ type: 'response-start', id: response.id, model: response.model, createdAt: response.createdAt }];
  for (const choice of response.choices) {
    let toolIndex = 0;
    for (const part of choice.content) {
      if (part.type === 'text') events.push({ type: 'text-delta', index: choice.index, delta: part.text });
      else if (part.type === 'reasoning') events.push({ type: 'reasoning-delta', index: choice.index, delta: part.text, signature: part.signature });
      else if (part.type === 'tool-call') {
        events.push({ type: 'tool-call-start', index: choice.index, toolIndex, toolCallId: part.toolCallId, toolName: part.toolName });
        events.push({ type: 'tool-call-delta', index: choice.index, toolIndex, argumentsDelta: part.argumentsJson });
        events.push({ type: 'tool-call-end', index: choice.index, toolIndex });
        toolIndex += 1;
      }
    }
    events.push({ type: 'choice-end', index: choice.index, finishReason: choice.finishReason });
  }
  if (response.usage) events.push({ type: 'usage', usage: response.usage });
  events.push({ type: 'response-end' });
  return events;
}
