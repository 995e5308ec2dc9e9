import { collectDefaultMetrics, Registry } from 'prom-client';
import type { BudgetAlert, CircuitChange } from '../../core/events.js';
import { onBudgetAlert, onCircuitChange, onRequestEnd } from '../../core/events.js';
import type { RequestRecord } from '../../core/request-record.js';
import { CallerLabelCap, NO_LABEL_VALUE } from './caller-label-cap.js';
import type { GatewaySeries } from './create-gateway-series.js';
import { createGatewaySeries } from './create-gateway-series.js';
import type { CounterCell } from './scrape-time-counter.js';
import type { HistogramCell } from './scrape-time-histogram.js';
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

/** Every cell one kind of request adds to, looked up once per request instead of once per series. */
interface RequestCells {
  requests: CounterCell;
  duration: HistogramCell;
  timeToFirstByte: HistogramCell;
  tokens: Record<'input' | 'output' | 'cached' | 'reasoning', CounterCell>;
  cost: CounterCell;
  costUnknown: CounterCell;
  cache: CounterCell;
}

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
  // Bounded by the label caps: endpoints × capped models × providers × statuses × cache results (× capped callers).
  readonly #requestCells = new Map<string, RequestCells>();
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
    const key = this.#callerLabels ? this.#keys.label(record.keyId) : '';
    const team = this.#callerLabels ? this.#teams.label(record.teamId) : '';
    const cells = this.#cellsFor(record.endpoint, model, provider, String(record.status), record.cache, key, team);
    cells.requests.total += 1;
    if (isCount(record.latencyMs)) cells.duration.observe(record.latencyMs / 1000);
    if (isCount(record.ttfbMs)) cells.timeToFirstByte.observe(record.ttfbMs / 1000);
    if (isCount(record.inputTokens)) cells.tokens.input.total += record.inputTokens;
    if (isCount(record.outputTokens)) cells.tokens.output.total += record.outputTokens;
    if (isCount(record.cachedTokens)) cells.tokens.cached.total += record.cachedTokens;
    if (isCount(record.reasoningTokens)) cells.tokens.reasoning.total += record.reasoningTokens;
    if (isCount(record.costMicros)) cells.cost.total += record.costMicros;
    else if (record.attempts.length > 0) cells.costUnknown.total += 1;
    cells.cache.total += 1;
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

  #cellsFor(endpoint: string, model: string, provider: string, status: string, cache: string, key: string, team: string): RequestCells {
    const id = `${endpoint}\u0001${model}\u0001${provider}\u0001${status}\u0001${cache}\u0001${key}\u0001${team}`;
    let cells = this.#requestCells.get(id);
    if (cells === undefined) {
      const series = this.#series;
      const caller = this.#callerLabels ? [key, team] : [];
      const tokens = (type: string) => series.tokens.cell([model, provider, type, ...caller]);
      cells = {
        requests: series.requests.cell([endpoint, model, provider, status, ...caller]),
        duration: series.duration.cell([model, provider]),
        timeToFirstByte: series.timeToFirstByte.cell([model, provider]),
        tokens: { input: tokens('input'), output: tokens('output'), cached: tokens('cached'), reasoning: tokens('reasoning') },
        cost: series.cost.cell([model, provider, ...caller]),
        costUnknown: series.costUnknown.cell([model, provider]),
        cache: series.cacheRequests.cell([cache]),
      };
      this.#requestCells.set(id, cells);
    }
    return cells;
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
