import type { AbortSource } from '../../core/cancellation.js';

/**
 * Waits `ms` between attempts; resolves at once, with false, when the caller goes away
 * (then nobody is left to retry for). True when the full wait elapsed.
 */
export function sleepUnlessCancelled(ms: number, cancellation: AbortSource): Promise<boolean> {
  if (cancellation.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const stop = () => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      cancellation.removeListener('abort', stop);
      resolve(true);
    }, ms);
    cancellation.on('abort', stop);
  });
}
