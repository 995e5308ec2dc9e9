import { describe, expect, it } from 'vitest';
import { parseConfigText } from './index.js';

const load = (text: string) => parseConfigText(text, { source: 't', env: {}, version: 1, now: 0 });

describe('observability and alerts config', () => {
  it('defaults: metrics on behind admin auth, no tracing, no export, payloads per caller, rows kept', () => {
    const { observability, alerts } = load('');
    expect(observability).toEqual({
      tracing: undefined,
      serviceName: 'switchyard',
      retentionDays: undefined,
      metrics: { enabled: true, requireAuth: true, callerLabels: false, maxCallerLabelValues: 100 },
      payloads: { all: false, maxBytes: 32_768 },
      logExport: undefined,
    });
    expect(alerts).toEqual({
      webhooks: [],
      dedupWindowMs: 3_600_000,
      errorRate: { threshold: 0.2, windowMs: 300_000, minRequests: 20 },
      latency: { factor: 3, windowMs: 300_000, baselineMs: 3_600_000, minRequests: 20 },
      circuitOpen: true,
      keyExpiryDays: 7,
    });
  });

  it('compiles tracing, export, payloads, retention and alert sinks, and hides their secrets', () => {
    const snapshot = load(`
observability:
  otlp_endpoint: http://127.0.0.1:4318/v1/traces
  otlp_headers: { x-honeycomb-team: HONEY }
  trace_sample_ratio: 0.25
  retention_days: 30
  metrics: { caller_labels: true, max_caller_label_values: 5 }
  payloads: { all: true, max_bytes: 1024 }
  log_export: { url: "https://logs.example/ingest?token=LOGTOKEN", headers: { authorization: "Bearer EXPORTSECRET" }, batch_size: 50 }
alerts:
  webhooks: ["https://hooks.slack.com/services/SLACKSECRET", { url: "https://alerts.example/in", format: slack }]
  error_rate: false
  key_expiry_days: 0
`);
    expect(snapshot.observability).toMatchObject({
      tracing: { endpoint: 'http://127.0.0.1:4318/v1/traces', headers: { 'x-honeycomb-team': 'HONEY' }, sampleRatio: 0.25 },
      retentionDays: 30,
      metrics: { callerLabels: true, maxCallerLabelValues: 5 },
      payloads: { all: true, maxBytes: 1024 },
      logExport: { url: 'https://logs.example/ingest?token=LOGTOKEN', batchSize: 50, flushIntervalMs: 1000, maxQueue: 1_000_000, timeoutMs: 10_000 },
    });
    expect(snapshot.alerts.webhooks).toEqual([
      { url: 'https://hooks.slack.com/services/SLACKSECRET', format: 'json' },
      { url: 'https://alerts.example/in', format: 'slack' },
    ]);
    expect(snapshot.alerts.errorRate).toBeUndefined();
    const shown = JSON.stringify(snapshot.redacted);
    for (const secret of ['HONEY', 'LOGTOKEN', 'EXPORTSECRET', 'SLACKSECRET']) expect(shown).not.toContain(secret);
    expect(shown).toContain('https://hooks.slack.com/[redacted]');
  });

  it('refuses bad values, naming the path', () => {
    expect(() => load('observability: { otlp_endpoint: "not a url" }')).toThrow(/observability\.otlp_endpoint/);
    expect(() => load('observability: { trace_sample_ratio: 2 }')).toThrow(/observability\.trace_sample_ratio/);
    expect(() => load('observability: { retention_days: 0 }')).toThrow(/observability\.retention_days/);
    expect(() => load('alerts: { webhooks: [{ url: "https://x.example", format: teams }] }')).toThrow(/alerts\.webhooks\[0\]/);
    expect(() => load('alerts: { latency: { factor: 0.5 } }')).toThrow(/alerts\.latency/);
    expect(() => load('observability: { metrics: { bogus: 1 } }')).toThrow(/observability\.metrics/);
  });
});
