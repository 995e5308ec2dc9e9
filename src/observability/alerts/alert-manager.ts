import { onBudgetAlert, onCircuitChange, onRequestEnd } from '../../core/events.js';
import type { RequestRecord } from '../../core/request-record.js';
import type { Alert } from './alert.js';
import { AlertDeduplicator } from './alert-deduplicator.js';
import type { AlertRules } from './alert-rules.js';
import { budgetThresholdAlert } from './budget-threshold-alert.js';
import { circuitOpenAlert } from './circuit-open-alert.js';
import { attemptVerdict, ErrorRateTracker } from './error-rate-tracker.js';
import type { KeyExpiry } from './find-expiring-keys.js';
import { findExpiringKeys, keyExpiringAlert } from './find-expiring-keys.js';
import { formatAlert } from './format-alert.js';
import { LatencyBaselineTracker } from './latency-baseline-tracker.js';

const DAY_MS = 86_400_000;

export interface AlertManagerOptions {
  /** Read at every event, so a reload takes effect. */
  rules: () => AlertRules;
  /** Sends one body to one URL; rejects on failure (app.ts supplies it over the upstream transport). */
  post: (url: string, body: string) => Promise<void>;
  now: () => number;
  /** Every virtual key, revoked ones included (they are skipped). */
  listKeys: () => Promise<readonly KeyExpiry[]>;
  /** A post failed, and its retry too. Webhook URLs often hold a secret (Slack's do): log the origin only. */
  onFailure: (url: string, error: unknown) => void;
  /** The older `budgets.alert_webhooks`: they get budget alerts only, in the generic JSON format. */
  extraJsonUrls?: () => readonly string[];
  /** Anything else that failed (listing keys, reading rules); never thrown into an event publisher. */
  onError?: (error: unknown) => void;
  /** Before the one retry of a failed post; default 1 s. */
  retryDelayMs?: number;
  /** Between key-expiry checks; default 1 h. */
  keyCheckIntervalMs?: number;
  /** The first key-expiry check comes this long after `start`, off the startup path; default 10 s. */
  firstKeyCheckAfterMs?: number;
}

/**
 * Turns events into alerts (`alerts:`) and posts them to the webhooks: a provider's error
 * rate, latency far above its baseline, a circuit opening, budget thresholds, keys near
 * expiry. Each alert (kind and subject) goes out at most once per `dedup_window_ms`; a key's
 * expiry at most once a day, since the check repeats hourly for days. Posting happens off
 * the publisher's path, with one retry.
 */
export class AlertManager {
  readonly #options: AlertManagerOptions;
  readonly #dedup = new AlertDeduplicator();
  readonly #errorRates = new ErrorRateTracker();
  readonly #latencies = new LatencyBaselineTracker();
  readonly #inFlight = new Set<Promise<void>>();
  #unsubscribe: (() => void)[] = [];
  #timer: NodeJS.Timeout | undefined;
  #keyCheck: Promise<void> | undefined;

  constructor(options: AlertManagerOptions) {
    this.#options = options;
  }

  /** Subscribes to request ends, circuit changes and budget alerts, and schedules the key-expiry check. */
  start(): void {
    if (this.#unsubscribe.length > 0) return;
    this.#unsubscribe = [
      onRequestEnd((record) => this.#guard(() => this.#onRequestEnd(record))),
      onCircuitChange((change) =>
        this.#guard(() => {
          const rules = this.#options.rules();
          const alert = rules.circuitOpen ? circuitOpenAlert(change, this.#options.now()) : undefined;
          if (alert) this.#dispatch(alert, rules, rules.dedupWindowMs);
        }),
      ),
      onBudgetAlert((budget) =>
        this.#guard(() => {
          const rules = this.#options.rules();
          this.#dispatch(budgetThresholdAlert(budget), rules, rules.dedupWindowMs);
        }),
      ),
    ];
    const { keyCheckIntervalMs = 3_600_000, firstKeyCheckAfterMs = 10_000 } = this.#options;
    const tick = (): void => {
      const now = this.#options.now();
      this.#errorRates.prune(now);
      this.#latencies.prune(now);
      this.#dedup.prune(now);
      this.#keyCheck ??= this.checkKeyExpiry()
        .catch((error: unknown) => this.#reportError(error))
        .finally(() => (this.#keyCheck = undefined));
      this.#timer = setTimeout(tick, keyCheckIntervalMs).unref();
    };
    this.#timer = setTimeout(tick, firstKeyCheckAfterMs).unref();
  }

  /** Alerts on keys expiring within `key_expiry_days`; rejects when the keys cannot be listed. */
  async checkKeyExpiry(): Promise<void> {
    const rules = this.#options.rules();
    if (rules.keyExpiryDays <= 0 || rules.webhooks.length === 0) return;
    const keys = await this.#options.listKeys();
    const now = this.#options.now();
    for (const key of findExpiringKeys(keys, now, rules.keyExpiryDays)) this.#dispatch(keyExpiringAlert(key, now), rules, Math.max(rules.dedupWindowMs, DAY_MS));
  }

  /** Unsubscribes and stops the timer; posts already started carry on (see `flush`). */
  close(): void {
    for (const unsubscribe of this.#unsubscribe) unsubscribe();
    this.#unsubscribe = [];
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  /** Resolves when every post in flight, retries included, has ended. */
  async flush(): Promise<void> {
    while (this.#inFlight.size > 0 || this.#keyCheck) await Promise.all([...this.#inFlight, this.#keyCheck]);
  }

  // Runs at the end of every request: two small updates per attempt, and an evaluation only
  // when the alert it could raise is not already held back.
  #onRequestEnd(record: RequestRecord): void {
    if (record.attempts.length === 0) return;
    const rules = this.#options.rules();
    const { errorRate, latency } = rules;
    if (rules.webhooks.length === 0 || (!errorRate && !latency)) return;
    const now = this.#options.now();
    for (const attempt of record.attempts) {
      const verdict = attemptVerdict(attempt);
      if (verdict === undefined) continue;
      if (errorRate) {
        this.#errorRates.record(attempt.provider, verdict === 'failed', now, errorRate);
        if (!this.#dedup.holds('error_rate', attempt.provider, now)) {
          const alert = this.#errorRates.evaluate(attempt.provider, now, errorRate);
          if (alert) this.#dispatch(alert, rules, rules.dedupWindowMs);
        }
      }
      if (latency && attempt.errorKind === undefined) {
        this.#latencies.record(attempt.provider, attempt.model, attempt.latencyMs, now, latency);
        if (!this.#dedup.holds('latency', `${attempt.provider}/${attempt.model}`, now)) {
          const alert = this.#latencies.evaluate(attempt.provider, attempt.model, now, latency);
          if (alert) this.#dispatch(alert, rules, rules.dedupWindowMs);
        }
      }
    }
  }

  #dispatch(alert: Alert, rules: AlertRules, windowMs: number): void {
    const sinks: { url: string; format: 'json' | 'slack' }[] = [...rules.webhooks];
    if (alert.kind === 'budget_threshold') {
      for (const url of this.#options.extraJsonUrls?.() ?? []) if (!sinks.some((sink) => sink.url === url && sink.format === 'json')) sinks.push({ url, format: 'json' });
    }
    if (sinks.length === 0 || !this.#dedup.admit(alert, this.#options.now(), windowMs)) return;
    const bodies = new Map<'json' | 'slack', string>();
    for (const { url, format } of sinks) {
      let body = bodies.get(format);
      if (body === undefined) bodies.set(format, (body = formatAlert(alert, format)));
      const delivery: Promise<void> = this.#deliver(url, body).finally(() => this.#inFlight.delete(delivery));
      this.#inFlight.add(delivery);
    }
  }

  async #deliver(url: string, body: string): Promise<void> {
    // Start once the publisher's own work is done: an alert never delays the request that raised it.
    await Promise.resolve();
    const { post, retryDelayMs = 1000 } = this.#options;
    try {
      await post(url, body);
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, retryDelayMs).unref());
    }
    try {
      await post(url, body);
    } catch (error) {
      this.#guard(() => this.#options.onFailure(url, error));
    }
  }

  // A subscriber that throws surfaces as an uncaught exception in the publisher's process.
  #guard(run: () => void): void {
    try {
      run();
    } catch (error) {
      this.#reportError(error);
    }
  }

  #reportError(error: unknown): void {
    try {
      this.#options.onError?.(error);
    } catch {
      // Nowhere left to report to; an exception here would reach the publisher.
    }
  }
}
