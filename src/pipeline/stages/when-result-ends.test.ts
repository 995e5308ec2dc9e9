import { describe, expect, it } from 'vitest';
import { Cancellation } from '../../core/cancellation.js';
import type { GatewayResult } from '../gateway-context.js';
import { whenResultEnds } from './when-result-ends.js';

async function* chunks(): AsyncIterable<string> {
  yield 'a';
  yield 'b';
}

describe('whenResultEnds', () => {
  it('ends a complete answer at once', () => {
    let ended = 0;
    whenResultEnds({ kind: 'raw', status: 200, contentType: 'application/json', body: Buffer.from('{}') }, () => (ended += 1));
    expect(ended).toBe(1);
  });

  it('ends a stream after its last chunk, once', async () => {
    let ended = 0;
    const result = whenResultEnds({ kind: 'raw-stream', status: 200, contentType: 'text/event-stream', chunks: chunks() }, () => (ended += 1)) as Extract<GatewayResult, { kind: 'raw-stream' }>;
    const seen: string[] = [];
    for await (const chunk of result.chunks) {
      expect(ended).toBe(0);
      seen.push(chunk);
    }
    expect(seen).toEqual(['a', 'b']);
    expect(ended).toBe(1);
  });

  it('ends a stream nobody reads when the caller leaves, and not again later', async () => {
    let ended = 0;
    const cancellation = new Cancellation();
    const result = whenResultEnds({ kind: 'raw-stream', status: 200, contentType: 'text/event-stream', chunks: chunks() }, () => (ended += 1), cancellation) as Extract<GatewayResult, { kind: 'raw-stream' }>;
    cancellation.cancel();
    expect(ended).toBe(1);
    for await (const chunk of result.chunks) void chunk;
    expect(ended).toBe(1);
  });
});
