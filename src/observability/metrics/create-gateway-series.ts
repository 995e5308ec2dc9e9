import type { Registry } from 'prom-client';
import { Counter, Gauge } from 'prom-client';
import { ScrapeTimeCounter } from './scrape-time-counter.js';
import { ScrapeTimeHistogram } from './scrape-time-histogram.js';

/**
 * Duration buckets in seconds. LLM calls span a cached answer in milliseconds to a long
 * reasoning stream in minutes, so the default buckets (which stop at 10 s) would put most
 * completions in `+Inf`.
 */
export const LLM_DURATION_BUCKETS_SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 30, 60, 120, 300];

const CALLER_LABELS = ['key', 'team'] as const;

/** The series the request path and the event subscribers write to. */
export interface GatewaySeries {
  requests: ScrapeTimeCounter;
  duration: ScrapeTimeHistogram;
  timeToFirstByte: ScrapeTimeHistogram;
  tokens: ScrapeTimeCounter;
  cost: ScrapeTimeCounter;
  costUnknown: ScrapeTimeCounter;
  cacheRequests: ScrapeTimeCounter;
  limitRejections: ScrapeTimeCounter;
  upstreamAttempts: ScrapeTimeCounter;
  upstreamErrors: ScrapeTimeCounter;
  circuitState: Gauge;
  circuitOpens: Counter;
  budgetAlerts: Counter;
}

/** Registers the gateway's request and event series on `register`; `callerLabels` appends `key` and `team` to the per-caller ones. */
export function createGatewaySeries(register: Registry, callerLabels: boolean): GatewaySeries {
  const caller = callerLabels ? CALLER_LABELS : [];
  const registers = [register];
  return {
    requests: new ScrapeTimeCounter(register, {
      name: 'switchyard_requests_total',
      help: 'Data-plane requests by endpoint, requested model, provider that answered (or was last tried) and HTTP status returned to the caller.',
      labelNames: ['endpoint', 'model', 'provider', 'status', ...caller],
    }),
    duration: new ScrapeTimeHistogram(register, {
      name: 'switchyard_request_duration_seconds',
      help: 'Time from request arrival to the end of the answer (the last streamed chunk), in seconds.',
      labelNames: ['model', 'provider'],
      buckets: LLM_DURATION_BUCKETS_SECONDS,
    }),
    timeToFirstByte: new ScrapeTimeHistogram(register, {
      name: 'switchyard_time_to_first_byte_seconds',
      help: 'Time from request arrival to the first byte of the answer (upstream headers or first streamed chunk), in seconds; requests without an answer are not observed.',
      labelNames: ['model', 'provider'],
      buckets: LLM_DURATION_BUCKETS_SECONDS,
    }),
    tokens: new ScrapeTimeCounter(register, {
      name: 'switchyard_tokens_total',
      help: 'Tokens reported by providers, by type (input, output, cached input, reasoning); counts a provider did not report are not added.',
      labelNames: ['model', 'provider', 'type', ...caller],
    }),
    cost: new ScrapeTimeCounter(register, {
      name: 'switchyard_cost_usd_total',
      help: 'Spend in US dollars at the configured or catalog prices; requests of unknown cost are counted in switchyard_cost_unknown_requests_total instead.',
      labelNames: ['model', 'provider', ...caller],
      divisor: 1_000_000,
    }),
    costUnknown: new ScrapeTimeCounter(register, {
      name: 'switchyard_cost_unknown_requests_total',
      help: 'Requests that reached a provider but whose cost is unknown (usage not reported or no price), so switchyard_cost_usd_total undercounts by them.',
      labelNames: ['model', 'provider'],
    }),
    cacheRequests: new ScrapeTimeCounter(register, {
      name: 'switchyard_cache_requests_total',
      help: 'Requests by response-cache result: hit, miss, or off (cache not used for the request).',
      labelNames: ['result'],
    }),
    limitRejections: new ScrapeTimeCounter(register, {
      name: 'switchyard_limit_rejections_total',
      help: 'Requests refused with 429 before reaching a provider, by reason: rate_limit or budget.',
      labelNames: ['reason'],
    }),
    upstreamAttempts: new ScrapeTimeCounter(register, {
      name: 'switchyard_upstream_attempts_total',
      help: 'Tries against a deployment (retries, fallbacks and hedges each count), by provider connection, deployment model and outcome.',
      labelNames: ['provider', 'model', 'outcome'],
    }),
    upstreamErrors: new ScrapeTimeCounter(register, {
      name: 'switchyard_upstream_errors_total',
      help: 'Failed tries against a deployment, by provider connection and normalized error kind.',
      labelNames: ['provider', 'kind'],
    }),
    circuitState: new Gauge({
      name: 'switchyard_circuit_breaker_state',
      help: 'Circuit breaker state per deployment (provider/model) in this process: 0 closed, 1 half-open, 2 open.',
      labelNames: ['deployment'],
      registers,
    }),
    circuitOpens: new Counter({
      name: 'switchyard_circuit_breaker_opens_total',
      help: 'Times a deployment circuit breaker opened in this process.',
      labelNames: ['deployment'],
      registers,
    }),
    budgetAlerts: new Counter({
      name: 'switchyard_budget_alerts_total',
      help: 'Budget alert thresholds crossed, by budget scope (key, user, team, model).',
      labelNames: ['scope'],
      registers,
    }),
  };
}
