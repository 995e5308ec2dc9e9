import type { AttemptRecord } from '../../core/request-record.js';
import type { Alert } from './alert.js';
import type { ErrorRateRule } from './alert-rules.js';
import { formatDuration } from './format-duration.js';

// The window slides in steps of 1/SLOTS of its length: fixed memory per provider, and an
// edge that is at most one step late, which a rate over minutes does not notice.
const SLOTS = 30;

// The provider refused or failed. A 400 for the caller's own mistake is an answer, not an
// outage, so it counts as an attempt that did not fail.
const PROVIDER_FAILURES = new Set(['upstream', 'timeout', 'unavailable', 'rate_limited', 'auth']);

/** Whether an attempt counts for a provider's error rate, and as a failure; undefined: not at all (a cancelled hedge). */
export function attemptVerdict(attempt: AttemptRecord): 'ok' | 'failed' | undefined {
  if (attempt.errorKind === undefined) return 'ok';
  if (attempt.errorKind === 'hedge_cancelled') return undefined;
  return PROVIDER_FAILURES.has(attempt.errorKind) ? 'failed' : 'ok';
}

interface Window {
  windowMs: number;
  slotMs: number;
  /** Per slot: which step of time it holds, then its counts. */
  steps: Float64Array;
  failed: Uint32Array;
  total: Uint32Array;
  lastAt: number;
}

/**
 * Counts each provider's attempts and failures over a sliding window (`alerts.error_rate`)
 * and says when the failed share reaches the threshold. Time is passed in; the rule is
 * passed on every call so a reload applies (a changed window starts the count afresh).
 */
export class ErrorRateTracker {
  #providers = new Map<string, Window>();

  /** Counts one attempt against `provider`, ended at `at` (epoch ms). */
  record(provider: string, failed: boolean, at: number, rule: ErrorRateRule): void {
    let window = this.#providers.get(provider);
    if (!window || window.windowMs !== rule.windowMs) {
      const slotMs = Math.max(1, Math.ceil(rule.windowMs / SLOTS));
      window = { windowMs: rule.windowMs, slotMs, steps: new Float64Array(SLOTS).fill(-1), failed: new Uint32Array(SLOTS), total: new Uint32Array(SLOTS), lastAt: at };
      this.#providers.set(provider, window);
    }
    const step = Math.floor(at / window.slotMs);
    const slot = step % SLOTS;
    if (window.steps[slot] !== step) {
      // A slot holding a later step means this attempt is older than the window.
      if (window.steps[slot]! > step) return;
      window.steps[slot] = step;
      window.failed[slot] = 0;
      window.total[slot] = 0;
    }
    window.total[slot]! += 1;
    if (failed) window.failed[slot]! += 1;
    window.lastAt = Math.max(window.lastAt, at);
  }

  /** Failed and total attempts of `provider` in the window ending at `now`. */
  counts(provider: string, now: number): { failed: number; total: number } {
    const window = this.#providers.get(provider);
    let failed = 0;
    let total = 0;
    if (!window) return { failed, total };
    const current = Math.floor(now / window.slotMs);
    for (let slot = 0; slot < SLOTS; slot += 1) {
      const step = window.steps[slot]!;
      if (step > current - SLOTS && step <= current) {
        failed += window.failed[slot]!;
        total += window.total[slot]!;
      }
    }
    return { failed, total };
  }

  /** An `error_rate` alert when the provider's failed share in the window reaches the rule's threshold, with enough attempts. */
  evaluate(provider: string, now: number, rule: ErrorRateRule): Alert | undefined {
    const window = this.#providers.get(provider);
    if (!window || window.windowMs !== rule.windowMs) return undefined;
    const { failed, total } = this.counts(provider, now);
    // A threshold of 0 would otherwise alert on a healthy provider.
    if (total < rule.minRequests || failed === 0 || failed / total < rule.threshold) return undefined;
    const rate = failed / total;
    return {
      kind: 'error_rate',
      // Twice the threshold (or everything failing) is an outage rather than a degradation.
      severity: rate >= Math.min(1, rule.threshold * 2) ? 'critical' : 'warning',
      subject: provider,
      message: `Provider ${provider}: ${Math.round(rate * 100)}% of attempts failed over the last ${formatDuration(rule.windowMs)} (${failed} of ${total}; threshold ${Math.round(rule.threshold * 100)}%).`,
      details: { provider, failed, total, error_rate: Math.round(rate * 1000) / 1000, threshold: rule.threshold, window_ms: rule.windowMs },
      at: now,
    };
  }

  /** Forgets providers with no attempt in their window, so memory follows the live set. */
  prune(now: number): void {
    for (const [provider, window] of this.#providers) if (window.lastAt <= now - window.windowMs) this.#providers.delete(provider);
  }

  /** How many providers are tracked (for tests and diagnostics). */
  get size(): number {
    return this.#providers.size;
  }
}
