import type { ModelRoute } from '../config/index.js';
import { backoffDelayMs } from './backoff-delay.js';

/**
 * How long to wait before retry number `retry` after an error that carried
 * `retryAfterMs`: the jittered backoff, but never less than the upstream's Retry-After.
 * Undefined when the Retry-After is beyond the model's cap: waiting that long would
 * hold the caller, who gets the error and its Retry-After instead.
 */
export function retryWaitMs(retry: number, retryAfterMs: number | undefined, settings: NonNullable<ModelRoute['retry']>, random: () => number): number | undefined {
  if (retryAfterMs !== undefined && retryAfterMs > settings.retryAfterCapMs) return undefined;
  return Math.max(backoffDelayMs(retry, settings, random), retryAfterMs ?? 0);
}
