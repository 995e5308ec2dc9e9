import { GatewayError } from '../../core/errors.js';
import { ReplayHeld } from './replay-held.js';
import type { Outcome } from '../gateway-context.js';

/**
 * Waits for a passed-through stream's first chunk before the gateway commits to it, so a
 * connection that drops right after the headers, or an error event as the first thing
 * the upstream says, can still be retried or fall back. The chunk is then replayed.
 * Returns undefined for a stream that ended without a chunk.
 */
export async function holdFirstChunk(chunks: AsyncIterable<string>, outcome: Outcome, classified?: () => GatewayError | undefined): Promise<AsyncIterable<string> | undefined> {
  const iterator = chunks[Symbol.asyncIterator]();
  let first: IteratorResult<string>;
  try {
    first = await iterator.next();
  } catch (error) {
    await iterator.return?.();
    throw error;
  }
  if (first.done) return undefined;
  const inBandError = outcome.streamError;
  if (inBandError !== undefined) {
    await iterator.return?.();
    outcome.streamError = undefined;
    throw classified?.() ?? new GatewayError('GW_UPSTREAM_ERROR', inBandError);
  }
  return new ReplayHeld([first.value], iterator);
}
