import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor } from '@opentelemetry/sdk-trace';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { onRequestEnd } from '../../core/events.js';
import type { RequestRecord } from '../../core/request-record.js';
import { buildRequestSpans } from './build-request-spans.js';
import type { SpanSetting } from './build-request-spans.js';

export interface OtlpRequestTracerOptions {
  /** OTLP/HTTP traces URL, e.g. `http://127.0.0.1:4318/v1/traces`. */
  endpoint: string;
  headers: Readonly<Record<string, string>>;
  serviceName: string;
  serviceVersion: string;
  providerType: (connection: string) => string | undefined;
  /** Export batches this often (the SDK's default is 5 s). */
  exportDelayMs?: number;
  onError: (error: unknown) => void;
}

/**
 * Turns finished request records into spans and ships them over OTLP/HTTP (JSON) in
 * batches, through the SDK's BatchSpanProcessor and OTLP exporter. Subscribes to the
 * request-end event: no other code calls OpenTelemetry. A failing collector loses spans
 * (bounded queue), never requests.
 */
export class OtlpRequestTracer {
  readonly #processor: BatchSpanProcessor;
  readonly #setting: SpanSetting;
  readonly #onError: (error: unknown) => void;
  #unsubscribe: (() => void) | undefined;

  constructor(options: OtlpRequestTracerOptions) {
    const exporter = new OTLPTraceExporter({ url: options.endpoint, headers: { ...options.headers } });
    this.#processor = new BatchSpanProcessor({ exporter, scheduledDelayMillis: options.exportDelayMs ?? 1000 });
    this.#setting = {
      resource: resourceFromAttributes({ 'service.name': options.serviceName, 'service.version': options.serviceVersion }),
      scope: { name: 'switchyard', version: options.serviceVersion },
      providerType: options.providerType,
    };
    this.#onError = options.onError;
  }

  start(): void {
    this.#unsubscribe ??= onRequestEnd((record) => this.record(record));
  }

  record(record: RequestRecord): void {
    // A throwing diagnostics_channel subscriber would surface as an uncaught exception.
    try {
      for (const span of buildRequestSpans(record, this.#setting)) this.#processor.onEnd(span);
    } catch (error) {
      this.#onError(error);
    }
  }

  async flush(): Promise<void> {
    await this.#processor.forceFlush();
  }

  /** Stops listening, exports what is queued, shuts the exporter down. */
  async close(): Promise<void> {
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
    await this.#processor.shutdown().catch(this.#onError);
  }
}
