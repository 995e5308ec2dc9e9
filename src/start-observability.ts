import { readFileSync } from 'node:fs';
import { encodeRequestLogEntry } from './admin/index.js';
import type { SnapshotHolder } from './config/index.js';
import { Cancellation } from './core/cancellation.js';
import type { Clock } from './core/clock.js';
import type { RequestRecord } from './core/request-record.js';
import { AlertManager, GatewayMetrics, RequestLogExporter, RequestLogWriter, startRetentionJob } from './observability/index.js';
import type { Logger } from './observability/index.js';
import type { Storage } from './storage/ports.js';
import type { Transport } from './upstream/index.js';

/** What the rest of the app needs from observability. */
export interface Observability {
  logWriter: RequestLogWriter;
  /** `GET /metrics`; undefined when `observability.metrics.enabled` is false. */
  metrics: (() => Promise<{ contentType: string; body: string }>) | undefined;
  /** Flushes and stops everything, in the order that loses nothing. */
  close(): Promise<void>;
}

export interface ObservabilityDependencies {
  holder: SnapshotHolder;
  clock: Clock;
  logger: Logger;
  storage: Storage;
  transport: Transport;
  /** Requests being answered right now (the server's count). */
  inFlight: () => number;
}

/** A JSON POST over the upstream transport (the one room that opens sockets); rejects unless 2xx. */
export function createJsonPoster(transport: Transport, provider: string) {
  return async (url: string, body: string, headers: Readonly<Record<string, string>> = {}, timeoutMs = 5000): Promise<void> => {
    const response = await transport.send({
      provider,
      url,
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body,
      signal: new Cancellation(),
      headersTimeoutMs: timeoutMs,
      bodyTimeoutMs: timeoutMs,
    });
    await response.text(4096);
    if (response.status < 200 || response.status >= 300) throw new Error(`HTTP ${response.status}`);
  };
}

/** The package version, for the traces' `service.version`. */
function readVersion(): string {
  try {
    return (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

/** Every key, paged, for the key-expiry alert. */
async function listAllKeys(storage: Storage): Promise<{ id: string; name: string; expiresAt?: number; revokedAt?: number }[]> {
  const keys = [];
  for (let offset = 0; ; offset += 1000) {
    const page = await storage.identities.keys.list({}, 1000, offset);
    keys.push(...page);
    if (page.length < 1000) return keys;
  }
}

// A webhook URL often holds its own secret (Slack's do): only its origin is ever logged.
const originOf = (url: string) => new URL(url).origin;

/**
 * Starts the request-log writer, metrics, alerts and the retention job, each subscribed
 * to the events the rooms publish (src/core/events.ts).
 */
export async function startObservability(dependencies: ObservabilityDependencies): Promise<Observability> {
  const { holder, clock, logger, storage, transport } = dependencies;
  const initial = holder.current();
  const exportSettings = initial.observability.logExport;
  const postJson = createJsonPoster(transport, 'log-export');
  const exporter =
    exportSettings &&
    new RequestLogExporter({
      queue: storage.logExport,
      post: (body) => postJson(exportSettings.url, body, exportSettings.headers, exportSettings.timeoutMs),
      batchSize: exportSettings.batchSize,
      flushIntervalMs: exportSettings.flushIntervalMs,
      maxQueue: exportSettings.maxQueue,
      onError: (error) => logger.warn('log export failed; rows stay queued', { url: originOf(exportSettings.url), error: String(error) }),
    });
  exporter?.start();
  // A batch enters the export queue after the log has it; a failure retries both, and the
  // log ignores rows it already holds.
  const write = async (records: readonly RequestRecord[]) => {
    await storage.requestLog.append(records);
    if (exporter) await exporter.enqueue(records.map((record) => JSON.stringify(encodeRequestLogEntry(record))));
  };
  const logWriter = new RequestLogWriter({
    ...initial.requestLog,
    write,
    onError: (error) => logger.error('request log write failed; rows kept for retry', { error: String(error) }),
  });
  logWriter.start();

  const metricsSettings = initial.observability.metrics;
  const metrics = metricsSettings.enabled
    ? new GatewayMetrics({
        callerLabels: metricsSettings.callerLabels,
        maxCallerLabelValues: metricsSettings.maxCallerLabelValues,
        sources: {
          inFlight: dependencies.inFlight,
          logQueueDepth: () => logWriter.queueDepth,
          logDropped: () => logWriter.dropped,
          ...(exporter && { exportQueueDepth: () => exporter.queuedApprox, exportDropped: () => exporter.dropped }),
        },
        onError: (error) => logger.warn('metrics event failed', { error: String(error) }),
      })
    : undefined;
  metrics?.start();

  const postAlert = createJsonPoster(transport, 'alert-webhook');
  const alerts = new AlertManager({
    rules: () => holder.current().alerts,
    post: (url, body) => postAlert(url, body),
    now: () => clock.now(),
    listKeys: () => listAllKeys(storage),
    onFailure: (url, error) => logger.warn('alert webhook failed', { url: originOf(url), error: String(error) }),
    onError: (error) => logger.warn('alerts failed', { error: String(error) }),
    extraJsonUrls: () => holder.current().access.budgetAlertWebhooks,
    firstKeyCheckAfterMs: 2000,
  });
  alerts.start();

  const tracing = initial.observability.tracing;
  // The OpenTelemetry SDK and exporter load only when traces are wanted.
  const tracer = tracing && new (await import('./observability/traces/index.js')).OtlpRequestTracer({
    endpoint: tracing.endpoint,
    headers: tracing.headers,
    serviceName: initial.observability.serviceName,
    serviceVersion: readVersion(),
    providerType: (connection) => holder.current().providers.get(connection)?.type,
    onError: (error) => logger.warn('tracing failed', { error: String(error) }),
  });
  tracer?.start();

  const retention = startRetentionJob({
    retentionDays: () => holder.current().observability.retentionDays,
    deleteBefore: (cutoff) => storage.requestLog.deleteBefore(cutoff),
    now: () => clock.now(),
    onDeleted: (rows, cutoff) => logger.info('request log retention: old rows deleted', { rows, before: new Date(cutoff).toISOString() }),
    onError: (error) => logger.error('request log retention failed', { error: String(error) }),
  });

  return {
    logWriter,
    metrics: metrics && (async () => ({ contentType: metrics.contentType, body: await metrics.render() })),
    async close() {
      await logWriter.close();
      // Rows the sink does not take within 5 s stay on disk for the next start.
      await exporter?.close(5000);
      if (exporter && exporter.dropped > 0) logger.warn('log export rows dropped (queue full)', { dropped: exporter.dropped });
      alerts.close();
      await alerts.flush();
      await retention.stop();
      await tracer?.close();
      metrics?.close();
      if (logWriter.dropped > 0) logger.warn('request log rows dropped (queue full)', { dropped: logWriter.dropped });
    },
  };
}
