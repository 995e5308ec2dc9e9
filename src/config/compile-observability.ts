import type { RawConfig } from './schema.js';
import type { AlertSettings, ObservabilitySettings } from './observability-settings.js';

export function compileObservability(raw: RawConfig['observability']): ObservabilitySettings {
  const exportConfig = raw.log_export;
  return {
    tracing: raw.otlp_endpoint === undefined ? undefined : { endpoint: raw.otlp_endpoint, headers: raw.otlp_headers, sampleRatio: raw.trace_sample_ratio },
    serviceName: raw.service_name,
    retentionDays: raw.retention_days,
    metrics: {
      enabled: raw.metrics.enabled,
      requireAuth: raw.metrics.require_auth,
      callerLabels: raw.metrics.caller_labels,
      maxCallerLabelValues: raw.metrics.max_caller_label_values,
    },
    payloads: { all: raw.payloads.all, maxBytes: raw.payloads.max_bytes },
    logExport:
      exportConfig === undefined
        ? undefined
        : {
            url: exportConfig.url,
            headers: exportConfig.headers,
            batchSize: exportConfig.batch_size,
            flushIntervalMs: exportConfig.flush_interval_ms,
            maxQueue: exportConfig.max_queue,
            timeoutMs: exportConfig.timeout_ms,
          },
  };
}

export function compileAlerts(raw: RawConfig['alerts']): AlertSettings {
  return {
    webhooks: raw.webhooks,
    dedupWindowMs: raw.dedup_window_ms,
    errorRate: raw.error_rate === false ? undefined : { threshold: raw.error_rate.threshold, windowMs: raw.error_rate.window_ms, minRequests: raw.error_rate.min_requests },
    latency:
      raw.latency === false
        ? undefined
        : { factor: raw.latency.factor, windowMs: raw.latency.window_ms, baselineMs: raw.latency.baseline_ms, minRequests: raw.latency.min_requests },
    circuitOpen: raw.circuit_open,
    keyExpiryDays: raw.key_expiry_days,
  };
}
