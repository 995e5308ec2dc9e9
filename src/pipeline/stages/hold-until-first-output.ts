import type { ChatStreamEvent } from '../../core/chat-stream-event.js';
import { ReplayHeld } from './replay-held.js';

const OUTPUT_EVENTS = new Set<ChatStreamEvent['type']>(['text-delta', 'reasoning-delta', 'tool-call-start', 'choice-end', 'response-end']);

/**
 * Reads a stream up to its first output before the gateway commits to it: an error the
 * upstream reports before any output (an overloaded model, a bad request) is thrown here,
 * while dispatch can still retry or fall back; the events read so far are replayed.
 */
export async function holdUntilFirstOutput(events: AsyncIterable<ChatStreamEvent>): Promise<AsyncIterable<ChatStreamEvent>> {
  const iterator = events[Symbol.asyncIterator]();
  const held: ChatStreamEvent[] = [];
  try {
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
      const event = next.value;
      if (event.type === 'error') throw event.error;
      held.push(event);
      if (OUTPUT_EVENTS.has(event.type)) break;
    }
  } catch (error) {
    await iterator.return?.();
    throw error;
  }
  return new ReplayHeld(held, iterator);
}
