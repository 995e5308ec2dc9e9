/**
 * `alerts:` as compiled by config/ (`AlertSettings` in config/observability-settings.ts),
 * restated here because observability/ imports only core/. The two must stay structurally
 * identical so the app can pass the snapshot's value as is.
 */
export interface AlertRules {
  readonly webhooks: readonly AlertWebhook[];
  /** The same alert (kind and subject) is sent at most once per window. */
  readonly dedupWindowMs: number;
  /** Undefined: the rule is off. */
  readonly errorRate: ErrorRateRule | undefined;
  /** Undefined: the rule is off. */
  readonly latency: LatencyRule | undefined;
  readonly circuitOpen: boolean;
  /** Alert on keys expiring within this many days; 0: off. */
  readonly keyExpiryDays: number;
}

/** One alert sink. */
export interface AlertWebhook {
  readonly url: string;
  readonly format: 'json' | 'slack';
}

/** A provider's failed share of attempts (0 to 1) over a sliding window. */
export interface ErrorRateRule {
  readonly threshold: number;
  readonly windowMs: number;
  /** Fewer attempts than this in the window never alert. */
  readonly minRequests: number;
}

/** A deployment's median latency over the window against its trailing baseline. */
export interface LatencyRule {
  /** Alert when the window's median is at least this many times the baseline's. */
  readonly factor: number;
  readonly windowMs: number;
  /** The period before the window that the baseline median is taken over. */
  readonly baselineMs: number;
  /** Both the window and the baseline need this many requests. */
  readonly minRequests: number;
}
