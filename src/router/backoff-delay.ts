import type { ModelRoute } from '../config/index.js';

/** The backoff part of a model's retry settings. */
export type BackoffSettings = Pick<NonNullable<ModelRoute['retry']>, 'backoffBaseMs' | 'backoffMaxMs'>;

/**
 * Wait before retry number `retry` (0 for the first): exponential growth with full
 * jitter, a random point in [0, min(max, base × 2^retry)]. Full jitter spreads the
 * retries of many callers that failed together, so they do not return in a wave.
 * `random` returns [0, 1), as Math.random does.
 */
export function backoffDelayMs(retry: number, settings: BackoffSettings, random: () => number): number {
  const ceiling = Math.min(settings.backoffMaxMs, settings.backoffBaseMs * 2 ** retry);
  return Math.round(random() * ceiling);
}
