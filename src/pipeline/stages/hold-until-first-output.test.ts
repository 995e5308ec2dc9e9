import { describe, expect, it } from 'vitest';
import type { ChatStreamEvent } from '../../core/chat-stream-event.js';
import { GatewayError } from '../../core/errors.js';
import { holdUntilFirstOutput } from './hold-until-first-output.js';

async function* source(events: ChatStreamEvent[], onReturn: () => void): AsyncIterable<ChatStreamEvent> {
  try {
    yield* events;
  } finally {
    onReturn();
  }
}

async function collect(events: AsyncIterable<ChatStreamEvent>): Promise<ChatStreamEvent['type'][]> {
  const types: ChatStreamEvent['type'][] = [];
  for await (const event of events) types.push(event.type);
  return types;
}

const start: ChatStreamEvent = { type: 'response-start', id: 'r', model: 'm', createdAt: 1 };
const overloaded = new GatewayError('GW_UNAVAILABLE', 'overloaded');

describe('holdUntilFirstOutput', () => {
  it('throws an error that comes before any output, and closes the upstream stream', async () => {
    let closed = false;
    await expect(holdUntilFirstOutput(source([start, { type: 'error', error: overloaded }], () => (closed = true)))).rejects.toBe(overloaded);
    expect(closed).toBe(true);
  });

  it('replays what it held, then the rest, once output has begun', async () => {
    const events: ChatStreamEvent[] = [
      start,
      { type: 'text-delta', index: 0, delta: 'a' },
      { type: 'error', error: overloaded },
    ];
    const held = await holdUntilFirstOutput(source(events, () => undefined));
    expect(await collect(held)).toEqual(['response-start', 'text-delta', 'error']);
  });

  it('passes an empty stream through', async () => {
    expect(await collect(await holdUntilFirstOutput(source([start, { type: 'response-end' }], () => undefined)))).toEqual(['response-start', 'response-end']);
  });
});
