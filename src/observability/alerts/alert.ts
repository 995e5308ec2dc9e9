/** What an alert is about; also the `type` field of the generic JSON payload. */
export type AlertKind = 'budget_threshold' | 'error_rate' | 'latency' | 'circuit_open' | 'key_expiring';

/** How urgent an alert is. */
export type AlertSeverity = 'warning' | 'critical';

/** One alert, before formatting for a webhook. */
export interface Alert {
  kind: AlertKind;
  severity: AlertSeverity;
  /** What it is about: a provider, a deployment (`provider/model`), a key id, a budget period. With `kind`, the deduplication key. */
  subject: string;
  /** One line for humans. */
  message: string;
  /** Facts behind the alert, snake_case keys as they go on the wire. */
  details: Record<string, unknown>;
  /** Epoch ms. */
  at: number;
}
