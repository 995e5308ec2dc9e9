import type { AbortSource } from '../../core/cancellation.js';
import { WatchedStream } from './watched-stream.js';
import type { GatewayResult } from '../gateway-context.js';

/**
 * Calls `onEnd` once when the answer is over: at once for a complete answer; for a stream
 * when it completes, fails or is abandoned by its reader (`return()` runs the finally).
 * A generator nobody starts reading never reaches its finally, so with `cancellation`
 * the caller's disconnect, subscribed before the stream starts, ends it too.
 */
export function whenResultEnds(result: GatewayResult, onEnd: () => void, cancellation?: AbortSource): GatewayResult {
  if (result.kind !== 'chat-stream' && result.kind !== 'raw-stream') {
    onEnd();
    return result;
  }
  let ended = false;
  const end = () => {
    if (ended) return;
    ended = true;
    cancellation?.removeListener('abort', end);
    onEnd();
  };
  cancellation?.on('abort', end);
  const watcher = { onEnd: end };
  return result.kind === 'chat-stream' ? { ...result, events: WatchedStream.watch(result.events, watcher) } : { ...result, chunks: WatchedStream.watch(result.chunks, watcher) };
}
