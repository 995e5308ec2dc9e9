import { describe, expect, it } from 'vitest';
import { createOutcome } from '../gateway-context.js';
import { ArrayPushStream } from './__fixtures__/array-push-stream.js';
import { holdFirstChunk } from './hold-first-chunk.js';
import type { ReplayHeld } from './replay-held.js';

async function collect(chunks: AsyncIterable<string>): Promise<string[]> {
  const seen: string[] = [];
  for await (const chunk of chunks) seen.push(chunk);
  return seen;
}

describe('holdFirstChunk', () => {
  it('replays the held chunk and the rest', async () => {
    async function* source() {
      yield 'a';
      yield 'b';
    }
    const held = await holdFirstChunk(source(), createOutcome());
    expect(await collect(held!)).toEqual(['a', 'b']);
  });

  it('pushes the held chunk and then the rest when the source can push', async () => {
    const source = new ArrayPushStream(['a', 'b', 'c']);
    const held = (await holdFirstChunk(source, createOutcome())) as ReplayHeld<string>;
    const pushed: string[] = [];
    await held.pushTo!({ write: (chunk) => pushed.push(chunk) > 0 });
    expect(pushed).toEqual(['a', 'b', 'c']);
    held.resume!();
    expect(source.resumes).toBe(1);
  });

  it('throws, while a retry is still possible, when the connection drops before the first chunk', async () => {
    let closed = false;
    const source: AsyncIterable<string> = {
      [Symbol.asyncIterator]: () => ({
        next: () => Promise.reject(new Error('socket hang up')),
        return: () => {
          closed = true;
          return Promise.resolve({ done: true, value: undefined });
        },
      }),
    };
    await expect(holdFirstChunk(source, createOutcome())).rejects.toThrow('socket hang up');
    expect(closed).toBe(true);
  });

  it('turns an error event as the first chunk into a retryable error and clears it from the outcome', async () => {
    const outcome = createOutcome();
    async function* source() {
      outcome.streamError = 'overloaded';
      yield 'data: {"error":{}}\n\n';
      yield 'never read';
    }
    await expect(holdFirstChunk(source(), outcome)).rejects.toMatchObject({ retryable: true, message: 'overloaded' });
    expect(outcome.streamError).toBeUndefined();
  });

  it('reports an empty stream', async () => {
    async function* source() {}
    expect(await holdFirstChunk(source(), createOutcome())).toBeUndefined();
  });
});
