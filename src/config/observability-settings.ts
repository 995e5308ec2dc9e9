/** `observability:` compiled (docs/observability.md). */
export interface ObservabilitySettings {
  readonly tracing: { readonly endpoint: string; readonly headers: Readonly<Record<string, string>>; readonly sampleRatio: number } | undefined;
  readonly serviceName: string;
  /** Unset: rows are kept. */
  readonly retentionDays: number | undefined;
  readonly metrics: { readonly enabled: boolean; readonly requireAuth: boolean; readonly callerLabels: boolean; readonly maxCallerLabelValues: number };
  readonly payloads: { readonly all: boolean; readonly maxBytes: number };
  readonly logExport:
    | { readonly url: string; readonly headers: Readonly<Record<string, string>>; readonly batchSize: number; readonly flushIntervalMs: number; readonly maxQueue: number; readonly timeoutMs: number }
    | undefined;
}

export interface AlertWebhook {
  readonly url: string;
  readonly format: 'json' | 'slack';
}

/** `alerts:` compiled; a rule that is off is undefined. */
export interface AlertSettings {
  readonly webhooks: readonly AlertWebhook[];
  readonly dedupWindowMs: number;
  readonly errorRate: { readonly threshold: number; readonly windowMs: number; readonly minRequests: number } | undefined;
  readonly latency: { readonly factor: number; readonly windowMs: number; readonly baselineMs: number; readonly minRequests: number } | undefined;
  readonly circuitOpen: boolean;
  /** 0: off. */
  readonly keyExpiryDays: number;
}
