import type { Histogram } from 'prom-client';
import { collectDefaultMetrics, Registry } from 'prom-client';
import type { BudgetAlert, CircuitChange } from '../../core/events.js';
import { onBudgetAlert, onCircuitChange, onRequestEnd } from '../../core/events.js';
import type { RequestRecord } from '../../core/request-record.js';
import { CallerLabelCap, NO_LABEL_VALUE } from './caller-label-cap.js';
import type { GatewaySeries } from './create-gateway-series.js';
import { createGatewaySeries } from './create-gateway-series.js';
import { LabeledChildren } from './labeled-children.js';
import type { MetricsSources } from './register-source-metrics.js';
import { registerSourceMetrics } from './register-source-metrics.js';

export type { MetricsSources } from './register-source-metrics.js';

/** Requested-model names labelled at most when `maxModelLabelValues` is not given. */
export const DEFAULT_MAX_MODEL_LABEL_VALUES = 1000;

/** How a {@link GatewayMetrics} labels its series and where it reads live gauges. */
export interface GatewayMetricsOptions {
  /** Add `key` and `team` labels to the request, token and cost series (`observability.metrics.caller_labels`). */
  callerLabels: boolean;
  /** Distinct keys, and separately teams, labelled at most; later ones share `_other`. */
  maxCallerLabelValues: number;
  /** Read at every scrape: in-flight requests and the log queues. */
  sources: MetricsSources;
  /** Distinct requested-model names labelled at most: callers choose them, so they are capped too. */
  maxModelLabelValues?: number;
  /** Told when recording a published event fails; the request is never affected. */
  onError?: (error: unknown) => void;
}

const CIRCUIT_STATE_VALUES: Record<CircuitChange['state'], number> = { closed: 0, 'half-open': 1, open: 2 };

const LIMIT_REASONS: Partial<Record<string, string>> = { rate_limited: 'rate_limit', budget_exceeded: 'budget' };

type HistogramChild = Histogram.Internal<string>;

function isCount(value: number | undefined): value is number {
  return value !== undefined && Number.isFinite(value) && value >= 0;
}

/**
 * The gateway's Prometheus metrics, on a registry of its own (so tests and embedders never
 * share the global one). Request series are fed from request-end records, circuit and
 * budget series from their events, and queue gauges are read from `sources` at scrape time.
 */
export class GatewayMetrics {
  /** The `Content-Type` to answer `/metrics` with. */
  readonly contentType: string;
  readonly #register = new Registry();
  readonly #series: GatewaySeries;
  readonly #callerLabels: boolean;
  readonly #keys: CallerLabelCap;
  readonly #teams: CallerLabelCap;
  readonly #models: CallerLabelCap;
  readonly #onError: (error: unknown) => void;
  readonly #duration: LabeledChildren<HistogramChild>;
  readonly #timeToFirstByte: LabeledChildren<HistogramChild>;
  #unsubscribers: (() => void)[] = [];

  constructor(options: GatewayMetricsOptions) {
    this.#callerLabels = options.callerLabels;
    this.#keys = new CallerLabelCap(options.maxCallerLabelValues);
    this.#teams = new CallerLabelCap(options.maxCallerLabelValues);
    this.#models = new CallerLabelCap(options.maxModelLabelValues ?? DEFAULT_MAX_MODEL_LABEL_VALUES);
    this.#onError = options.onError ?? (() => undefined);
    collectDefaultMetrics({ register: this.#register });
    this.#series = createGatewaySeries(this.#register, options.callerLabels);
    registerSourceMetrics(this.#register, options.sources);
    this.contentType = this.#register.contentType;
    const histogram = (metric: Histogram) => new LabeledChildren((values) => metric.labels(...values));
    const series = this.#series;
    this.#duration = histogram(series.duration);
    this.#timeToFirstByte = histogram(series.timeToFirstByte);
  }

  /** Subscribes to request-end, circuit-change and budget-alert events; calling it again does nothing. */
  start(): void {
    if (this.#unsubscribers.length > 0) return;
    // A throwing diagnostics_channel subscriber is rethrown on the next tick and would
    // crash the process, so every handler reports its failure instead.
    this.#unsubscribers = [
      onRequestEnd((record) => this.#guard(() => this.observe(record))),
      onCircuitChange((change) => this.#guard(() => this.#observeCircuit(change))),
      onBudgetAlert((alert) => this.#guard(() => this.#observeBudgetAlert(alert))),
    ];
  }

  /** Records one finished request. Synchronous and allocation-light: it runs at the end of every request. */
  observe(record: RequestRecord): void {
    const series = this.#series;
    const model = this.#models.label(record.requestedModel);
    const provider = record.provider ?? NO_LABEL_VALUE;
    const caller = this.#callerLabels ? [this.#keys.label(record.keyId), this.#teams.label(record.teamId)] : [];
    series.requests.add([record.endpoint, model, provider, String(record.status), ...caller]);
    if (isCount(record.latencyMs)) this.#duration.get([model, provider]).observe(record.latencyMs / 1000);
    if (isCount(record.ttfbMs)) this.#timeToFirstByte.get([model, provider]).observe(record.ttfbMs / 1000);
    this.#countTokens(model, provider, 'input', record.inputTokens, caller);
    this.#countTokens(model, provider, 'output', record.outputTokens, caller);
    this.#countTokens(model, provider, 'cached', record.cachedTokens, caller);
    this.#countTokens(model, provider, 'reasoning', record.reasoningTokens, caller);
    if (isCount(record.costMicros)) {
      series.cost.add([model, provider, ...caller], record.costMicros);
    } else if (record.attempts.length > 0) {
      series.costUnknown.add([model, provider]);
    }
    series.cacheRequests.add([record.cache]);
    if (record.status === 429 && record.attempts.length === 0 && record.errorKind !== undefined) {
      const reason = LIMIT_REASONS[record.errorKind];
      if (reason !== undefined) series.limitRejections.add([reason]);
    }
    for (const attempt of record.attempts) {
      series.upstreamAttempts.add([attempt.provider, attempt.model, attempt.errorKind === undefined ? 'success' : 'error']);
      if (attempt.errorKind !== undefined) series.upstreamErrors.add([attempt.provider, attempt.errorKind]);
    }
  }

  /** The Prometheus text exposition of every series, sources read now. */
  render(): Promise<string> {
    return this.#register.metrics();
  }

  /** Stops listening for events; the series keep their values. */
  close(): void {
    for (const unsubscribe of this.#unsubscribers) unsubscribe();
    this.#unsubscribers = [];
  }

  #countTokens(model: string, provider: string, type: string, count: number | undefined, caller: string[]): void {
    if (isCount(count)) this.#series.tokens.add([model, provider, type, ...caller], count);
  }

  #observeCircuit(change: CircuitChange): void {
    this.#series.circuitState.labels(change.deployment).set(CIRCUIT_STATE_VALUES[change.state]);
    if (change.state === 'open') this.#series.circuitOpens.labels(change.deployment).inc();
  }

  #observeBudgetAlert(alert: BudgetAlert): void {
    this.#series.budgetAlerts.labels(alert.scope).inc();
  }

  #guard(record: () => void): void {
    try {
      record();
    } catch (error) {
      this.#onError(error);
    }
  }
}
