import { z } from 'zod';
import { flag, integer, nonNegativeNumber } from './schema-primitives.js';

const DAY_MS = 86_400_000;

const metricsSchema = z.strictObject({
  enabled: flag.default(true),
  /** When auth is on, `/metrics` asks for the master key or an admin key, as the admin API does. */
  require_auth: flag.default(true),
  /** Add `key` and `team` labels to the request series (off: they can have many values). */
  caller_labels: flag.default(false),
  /** Distinct keys (and teams) labelled at most; later ones are counted under `_other`. */
  max_caller_label_values: integer(1, 10_000).default(100),
});

const payloadsSchema = z.strictObject({
  /** Keep prompts and answers for every caller; otherwise only for keys, users and teams with `log_payloads: true`. */
  all: flag.default(false),
  /** Each of prompt and answer is cut at this many bytes. */
  max_bytes: integer(256, 10 * 1024 * 1024).default(32_768),
});

const logExportSchema = z.strictObject({
  /** Receives a JSON POST `{"rows": [...]}` per batch (request-log rows as `GET /admin/logs` shows them). */
  url: z.string().url(),
  headers: z.record(z.string(), z.string()).default({}),
  batch_size: integer(1, 10_000).default(100),
  /** How often queued rows are shipped, and the first wait after a failed post (doubling to 60 s). */
  flush_interval_ms: integer(100, 600_000).default(1000),
  /** Rows kept waiting (on disk) at most; beyond it the oldest are dropped and counted. */
  max_queue: integer(100, 100_000_000).default(1_000_000),
  timeout_ms: integer(100, 120_000).default(10_000),
});

export const observabilitySchema = z.strictObject({
  /** OTLP/HTTP traces endpoint, e.g. `http://127.0.0.1:4318/v1/traces`; unset: no tracing. */
  otlp_endpoint: z.string().url().optional(),
  otlp_headers: z.record(z.string(), z.string()).default({}),
  service_name: z.string().min(1).default('switchyard'),
  /** Share of requests traced when the caller sent no sampled `traceparent` (0 to 1). */
  trace_sample_ratio: nonNegativeNumber().pipe(z.number().max(1)).default(1),
  /** Request-log rows (and payloads) older than this are deleted hourly; unset: kept. */
  retention_days: integer(1, 36_500).optional(),
  metrics: metricsSchema.default(() => metricsSchema.parse({})),
  payloads: payloadsSchema.default(() => payloadsSchema.parse({})),
  log_export: logExportSchema.optional(),
});

const webhookSchema = z.union([
  z.string().url().transform((url) => ({ url, format: 'json' as const })),
  z.strictObject({ url: z.string().url(), format: z.enum(['json', 'slack']).default('json') }),
]);

const errorRateSchema = z.strictObject({
  /** Failed share of a provider's attempts (0 to 1) that raises the alert. */
  threshold: nonNegativeNumber().pipe(z.number().max(1)).default(0.2),
  window_ms: integer(10_000, DAY_MS).default(300_000),
  /** Fewer attempts than this in the window never alert. */
  min_requests: integer(1, 1_000_000).default(20),
});

const latencySchema = z.strictObject({
  /** Alert when the window's median latency is this many times the baseline's. */
  factor: nonNegativeNumber().pipe(z.number().min(1)).default(3),
  window_ms: integer(10_000, DAY_MS).default(300_000),
  /** The trailing period the baseline median is taken over (before the window). */
  baseline_ms: integer(60_000, 7 * DAY_MS).default(3_600_000),
  min_requests: integer(1, 1_000_000).default(20),
});

export const alertsSchema = z.strictObject({
  /** Sinks: a URL (generic JSON) or `{url, format: json|slack}`. */
  webhooks: z.array(webhookSchema).default([]),
  /** The same alert (kind and subject) is sent at most once per window. */
  dedup_window_ms: integer(1000, 30 * DAY_MS).default(3_600_000),
  error_rate: z.union([z.literal(false), errorRateSchema]).default(() => errorRateSchema.parse({})),
  latency: z.union([z.literal(false), latencySchema]).default(() => latencySchema.parse({})),
  circuit_open: flag.default(true),
  /** Alert on keys expiring within this many days (checked hourly); 0: off. */
  key_expiry_days: integer(0, 365).default(7),
});
