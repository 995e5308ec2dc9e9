import { describe, expect, it } from 'vitest';
import type { CircuitChange } from '../../core/events.js';
import { publishBudgetAlert, publishCircuitChange, publishRequestEnd } from '../../core/events.js';
import type { AttemptRecord, RequestRecord } from '../../core/request-record.js';
import type { GatewayMetricsOptions, MetricsSources } from './gateway-metrics.js';
import { GatewayMetrics } from './gateway-metrics.js';

const CHAT = '/v1/chat/completions';

function makeRecord(overrides: Partial<RequestRecord> = {}): RequestRecord {
  return {
    requestId: 'req-1',
    createdAt: 1_700_000_000_000,
    endpoint: CHAT,
    keyId: 'key-1',
    teamId: 'team-1',
    userId: undefined,
    requestedModel: 'gpt-4o',
    provider: 'openai',
    deploymentModel: 'gpt-4o-2024-08-06',
    status: 200,
    errorKind: undefined,
    errorMessage: undefined,
    latencyMs: 1200,
    ttfbMs: 300,
    inputTokens: 100,
    outputTokens: 20,
    cachedTokens: undefined,
    reasoningTokens: undefined,
    costMicros: 1500,
    costFlags: [],
    attempts: [attempt()],
    cache: 'off',
    stream: false,
    clientIp: '127.0.0.1',
    tags: [],
    traceId: undefined,
    warnings: [],
    ...overrides,
  };
}

function attempt(overrides: Partial<AttemptRecord> = {}): AttemptRecord {
  return { provider: 'openai', model: 'gpt-4o-2024-08-06', status: 200, errorKind: undefined, latencyMs: 1100, ...overrides };
}

const quietSources: MetricsSources = { inFlight: () => 0, logQueueDepth: () => 0, logDropped: () => 0 };

function makeMetrics(options: Partial<GatewayMetricsOptions> = {}): GatewayMetrics {
  return new GatewayMetrics({ callerLabels: false, maxCallerLabelValues: 100, sources: quietSources, ...options });
}

/** The sample lines of one metric family (histograms: `_bucket`, `_sum`, `_count` included). */
function samples(text: string, name: string): string[] {
  return text.split('\n').filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `) || line.startsWith(`${name}_`));
}

describe('GatewayMetrics request series', () => {
  it('counts requests by endpoint, model, provider and status, with none for missing values', async () => {
    const metrics = makeMetrics();
    metrics.observe(makeRecord());
    metrics.observe(makeRecord());
    metrics.observe(makeRecord({ status: 502, errorKind: 'upstream' }));
    metrics.observe(makeRecord({ requestedModel: undefined, provider: undefined, status: 400, errorKind: 'bad_request', attempts: [] }));
    expect(samples(await metrics.render(), 'switchyard_requests_total')).toEqual([
      `switchyard_requests_total{endpoint="${CHAT}",model="gpt-4o",provider="openai",status="200"} 2`,
      `switchyard_requests_total{endpoint="${CHAT}",model="gpt-4o",provider="openai",status="502"} 1`,
      `switchyard_requests_total{endpoint="${CHAT}",model="none",provider="none",status="400"} 1`,
    ]);
  });

  it('observes duration always and time to first byte only when known, in seconds', async () => {
    const metrics = makeMetrics();
    metrics.observe(makeRecord({ latencyMs: 1200, ttfbMs: 300 }));
    metrics.observe(makeRecord({ latencyMs: 45_000, ttfbMs: undefined }));
    const text = await metrics.render();
    const duration = samples(text, 'switchyard_request_duration_seconds');
    expect(duration).toContain('switchyard_request_duration_seconds_bucket{le="1",model="gpt-4o",provider="openai"} 0');
    expect(duration).toContain('switchyard_request_duration_seconds_bucket{le="2.5",model="gpt-4o",provider="openai"} 1');
    expect(duration).toContain('switchyard_request_duration_seconds_bucket{le="60",model="gpt-4o",provider="openai"} 2');
    expect(duration).toContain('switchyard_request_duration_seconds_bucket{le="300",model="gpt-4o",provider="openai"} 2');
    expect(duration).toContain('switchyard_request_duration_seconds_sum{model="gpt-4o",provider="openai"} 46.2');
    expect(duration).toContain('switchyard_request_duration_seconds_count{model="gpt-4o",provider="openai"} 2');
    const ttfb = samples(text, 'switchyard_time_to_first_byte_seconds');
    expect(ttfb).toContain('switchyard_time_to_first_byte_seconds_sum{model="gpt-4o",provider="openai"} 0.3');
    expect(ttfb).toContain('switchyard_time_to_first_byte_seconds_count{model="gpt-4o",provider="openai"} 1');
    expect(ttfb).toContain('switchyard_time_to_first_byte_seconds_bucket{le="0.25",model="gpt-4o",provider="openai"} 0');
    expect(ttfb).toContain('switchyard_time_to_first_byte_seconds_bucket{le="0.5",model="gpt-4o",provider="openai"} 1');
  });

  it('adds only the token counts that are known', async () => {
    const metrics = makeMetrics();
    metrics.observe(makeRecord({ inputTokens: 100, outputTokens: 20, cachedTokens: 64, reasoningTokens: undefined }));
    metrics.observe(makeRecord({ inputTokens: 50, outputTokens: undefined, cachedTokens: undefined, reasoningTokens: 7 }));
    expect(samples(await metrics.render(), 'switchyard_tokens_total')).toEqual([
      'switchyard_tokens_total{model="gpt-4o",provider="openai",type="input"} 150',
      'switchyard_tokens_total{model="gpt-4o",provider="openai",type="output"} 20',
      'switchyard_tokens_total{model="gpt-4o",provider="openai",type="cached"} 64',
      'switchyard_tokens_total{model="gpt-4o",provider="openai",type="reasoning"} 7',
    ]);
  });

  it('sums cost exactly in dollars and counts unknown cost only for requests that reached a provider', async () => {
    const metrics = makeMetrics();
    metrics.observe(makeRecord({ costMicros: 100_000 }));
    metrics.observe(makeRecord({ costMicros: 200_000 }));
    metrics.observe(makeRecord({ costMicros: undefined, costFlags: ['usage-unknown'] }));
    metrics.observe(makeRecord({ costMicros: undefined, status: 401, errorKind: 'auth', attempts: [] }));
    const text = await metrics.render();
    // 0.1 + 0.2 in floating point would scrape as 0.30000000000000004.
    expect(samples(text, 'switchyard_cost_usd_total')).toEqual(['switchyard_cost_usd_total{model="gpt-4o",provider="openai"} 0.3']);
    expect(samples(text, 'switchyard_cost_unknown_requests_total')).toEqual(['switchyard_cost_unknown_requests_total{model="gpt-4o",provider="openai"} 1']);
    metrics.observe(makeRecord({ costMicros: 5 }));
    expect(samples(await metrics.render(), 'switchyard_cost_usd_total')).toEqual(['switchyard_cost_usd_total{model="gpt-4o",provider="openai"} 0.300005']);
  });

  it('counts cache results', async () => {
    const metrics = makeMetrics();
    for (const cache of ['hit', 'hit', 'miss', 'off'] as const) metrics.observe(makeRecord({ cache }));
    expect(samples(await metrics.render(), 'switchyard_cache_requests_total')).toEqual([
      'switchyard_cache_requests_total{result="hit"} 2',
      'switchyard_cache_requests_total{result="miss"} 1',
      'switchyard_cache_requests_total{result="off"} 1',
    ]);
  });

  it('splits 429 rejections by reason and ignores upstream 429s', async () => {
    const metrics = makeMetrics();
    const rejected = { status: 429, attempts: [], costMicros: undefined, inputTokens: undefined, outputTokens: undefined };
    metrics.observe(makeRecord({ ...rejected, errorKind: 'rate_limited' }));
    metrics.observe(makeRecord({ ...rejected, errorKind: 'rate_limited' }));
    metrics.observe(makeRecord({ ...rejected, errorKind: 'budget_exceeded' }));
    // The provider said 429: not one of our limits.
    metrics.observe(makeRecord({ status: 429, errorKind: 'rate_limited', attempts: [attempt({ status: 429, errorKind: 'rate_limited' })] }));
    expect(samples(await metrics.render(), 'switchyard_limit_rejections_total')).toEqual([
      'switchyard_limit_rejections_total{reason="rate_limit"} 2',
      'switchyard_limit_rejections_total{reason="budget"} 1',
    ]);
  });

  it('counts upstream attempts by outcome and failed ones by error kind', async () => {
    const metrics = makeMetrics();
    metrics.observe(
      makeRecord({
        attempts: [
          attempt({ status: 500, errorKind: 'upstream' }),
          attempt({ status: undefined, errorKind: 'timeout' }),
          attempt({ provider: 'azure', model: 'gpt-4o', status: 200 }),
        ],
      }),
    );
    metrics.observe(makeRecord({ attempts: [attempt({ status: 500, errorKind: 'upstream' }), attempt({ status: 200 })] }));
    const text = await metrics.render();
    expect(samples(text, 'switchyard_upstream_attempts_total')).toEqual([
      'switchyard_upstream_attempts_total{provider="openai",model="gpt-4o-2024-08-06",outcome="error"} 3',
      'switchyard_upstream_attempts_total{provider="azure",model="gpt-4o",outcome="success"} 1',
      'switchyard_upstream_attempts_total{provider="openai",model="gpt-4o-2024-08-06",outcome="success"} 1',
    ]);
    expect(samples(text, 'switchyard_upstream_errors_total')).toEqual([
      'switchyard_upstream_errors_total{provider="openai",kind="upstream"} 2',
      'switchyard_upstream_errors_total{provider="openai",kind="timeout"} 1',
    ]);
  });
});

describe('GatewayMetrics caller labels', () => {
  it('adds key and team labels, capping each at the first distinct values', async () => {
    const metrics = makeMetrics({ callerLabels: true, maxCallerLabelValues: 2 });
    metrics.observe(makeRecord({ keyId: 'k1', teamId: 't1', costMicros: 1000 }));
    metrics.observe(makeRecord({ keyId: 'k2', teamId: undefined, costMicros: 1000 }));
    metrics.observe(makeRecord({ keyId: 'k3', teamId: 't2', costMicros: 1000 }));
    metrics.observe(makeRecord({ keyId: 'k4', teamId: 't3', costMicros: 1000 }));
    metrics.observe(makeRecord({ keyId: 'k1', teamId: 't1', costMicros: 1000 }));
    const text = await metrics.render();
    expect(samples(text, 'switchyard_requests_total')).toEqual([
      `switchyard_requests_total{endpoint="${CHAT}",model="gpt-4o",provider="openai",status="200",key="k1",team="t1"} 2`,
      `switchyard_requests_total{endpoint="${CHAT}",model="gpt-4o",provider="openai",status="200",key="k2",team="none"} 1`,
      `switchyard_requests_total{endpoint="${CHAT}",model="gpt-4o",provider="openai",status="200",key="_other",team="t2"} 1`,
      `switchyard_requests_total{endpoint="${CHAT}",model="gpt-4o",provider="openai",status="200",key="_other",team="_other"} 1`,
    ]);
    expect(samples(text, 'switchyard_cost_usd_total')).toContain('switchyard_cost_usd_total{model="gpt-4o",provider="openai",key="_other",team="_other"} 0.001');
    expect(samples(text, 'switchyard_tokens_total')).toContain('switchyard_tokens_total{model="gpt-4o",provider="openai",type="input",key="k1",team="t1"} 200');
    // Series without caller labels stay per model only.
    expect(samples(text, 'switchyard_request_duration_seconds')).toContain('switchyard_request_duration_seconds_count{model="gpt-4o",provider="openai"} 5');
  });

  it('caps requested-model names, which callers choose', async () => {
    const metrics = makeMetrics({ maxModelLabelValues: 1 });
    metrics.observe(makeRecord({ requestedModel: 'gpt-4o' }));
    metrics.observe(makeRecord({ requestedModel: 'made-up-1', provider: undefined, status: 404, errorKind: 'not_found', attempts: [] }));
    metrics.observe(makeRecord({ requestedModel: 'made-up-2', provider: undefined, status: 404, errorKind: 'not_found', attempts: [] }));
    expect(samples(await metrics.render(), 'switchyard_requests_total')).toEqual([
      `switchyard_requests_total{endpoint="${CHAT}",model="gpt-4o",provider="openai",status="200"} 1`,
      `switchyard_requests_total{endpoint="${CHAT}",model="_other",provider="none",status="404"} 2`,
    ]);
  });
});

describe('GatewayMetrics scrape-time sources', () => {
  it('reads gauges at scrape time and keeps dropped totals monotonic', async () => {
    let inFlight = 3;
    let dropped = 0;
    const metrics = makeMetrics({ sources: { inFlight: () => inFlight, logQueueDepth: () => 12, logDropped: () => dropped } });
    let text = await metrics.render();
    expect(samples(text, 'switchyard_requests_in_flight')).toEqual(['switchyard_requests_in_flight 3']);
    expect(samples(text, 'switchyard_request_log_queue_depth')).toEqual(['switchyard_request_log_queue_depth 12']);
    expect(samples(text, 'switchyard_request_log_dropped_total')).toEqual(['switchyard_request_log_dropped_total 0']);
    expect(text).not.toContain('switchyard_log_export');
    const scrapes: string[][] = [];
    for (const [flight, total] of [[0, 5], [1, 5], [2, 7], [0, 2]] as const) {
      inFlight = flight;
      dropped = total;
      text = await metrics.render();
      scrapes.push([...samples(text, 'switchyard_requests_in_flight'), ...samples(text, 'switchyard_request_log_dropped_total')]);
    }
    expect(scrapes).toEqual([
      ['switchyard_requests_in_flight 0', 'switchyard_request_log_dropped_total 5'],
      ['switchyard_requests_in_flight 1', 'switchyard_request_log_dropped_total 5'],
      ['switchyard_requests_in_flight 2', 'switchyard_request_log_dropped_total 7'],
      // The owner's total restarted from zero: its 2 new drops are added, the counter never falls.
      ['switchyard_requests_in_flight 0', 'switchyard_request_log_dropped_total 9'],
    ]);
  });

  it('registers the log-export series only when the sources have them', async () => {
    let exported = 4;
    const metrics = makeMetrics({ sources: { ...quietSources, exportQueueDepth: () => 250, exportDropped: () => exported } });
    let text = await metrics.render();
    expect(samples(text, 'switchyard_log_export_queue_depth')).toEqual(['switchyard_log_export_queue_depth 250']);
    expect(samples(text, 'switchyard_log_export_dropped_total')).toEqual(['switchyard_log_export_dropped_total 4']);
    exported = 10;
    text = await metrics.render();
    expect(samples(text, 'switchyard_log_export_dropped_total')).toEqual(['switchyard_log_export_dropped_total 10']);
  });

  it('includes process metrics and states the Prometheus content type', async () => {
    const metrics = makeMetrics();
    const text = await metrics.render();
    expect(text).toMatch(/^process_cpu_user_seconds_total \d/m);
    expect(text).toMatch(/^nodejs_heap_size_used_bytes \d/m);
    expect(metrics.contentType).toBe('text/plain; version=0.0.4; charset=utf-8');
  });

  it('keeps each instance on its own registry', async () => {
    const first = makeMetrics();
    const second = makeMetrics();
    first.observe(makeRecord());
    expect(samples(await first.render(), 'switchyard_requests_total')).toHaveLength(1);
    expect(samples(await second.render(), 'switchyard_requests_total')).toEqual([]);
  });
});

describe('GatewayMetrics events', () => {
  it('records published requests between start and close', async () => {
    const metrics = makeMetrics();
    publishRequestEnd(makeRecord());
    metrics.start();
    metrics.start();
    publishRequestEnd(makeRecord());
    publishRequestEnd(makeRecord({ status: 500, errorKind: 'internal', attempts: [] }));
    metrics.close();
    publishRequestEnd(makeRecord());
    expect(samples(await metrics.render(), 'switchyard_requests_total')).toEqual([
      `switchyard_requests_total{endpoint="${CHAT}",model="gpt-4o",provider="openai",status="200"} 1`,
      `switchyard_requests_total{endpoint="${CHAT}",model="gpt-4o",provider="openai",status="500"} 1`,
    ]);
  });

  it('tracks circuit breaker state and counts openings', async () => {
    const metrics = makeMetrics();
    metrics.start();
    publishCircuitChange({ deployment: 'openai/gpt-4o', state: 'open' });
    publishCircuitChange({ deployment: 'openai/gpt-4o', state: 'half-open' });
    publishCircuitChange({ deployment: 'openai/gpt-4o', state: 'open' });
    publishCircuitChange({ deployment: 'anthropic/claude', state: 'open' });
    publishCircuitChange({ deployment: 'anthropic/claude', state: 'half-open' });
    publishCircuitChange({ deployment: 'anthropic/claude', state: 'closed' });
    publishCircuitChange({ deployment: 'groq/llama', state: 'half-open' });
    metrics.close();
    const text = await metrics.render();
    expect(samples(text, 'switchyard_circuit_breaker_state')).toEqual([
      'switchyard_circuit_breaker_state{deployment="openai/gpt-4o"} 2',
      'switchyard_circuit_breaker_state{deployment="anthropic/claude"} 0',
      'switchyard_circuit_breaker_state{deployment="groq/llama"} 1',
    ]);
    expect(samples(text, 'switchyard_circuit_breaker_opens_total')).toEqual([
      'switchyard_circuit_breaker_opens_total{deployment="openai/gpt-4o"} 2',
      'switchyard_circuit_breaker_opens_total{deployment="anthropic/claude"} 1',
    ]);
  });

  it('counts budget alerts by scope', async () => {
    const metrics = makeMetrics();
    metrics.start();
    const alert = { id: 'k1', period: 'm2026-11', thresholdPercent: 80, spentMicros: 8_000_000, limitMicros: 10_000_000, at: 1_700_000_000_000 };
    publishBudgetAlert({ ...alert, scope: 'key' });
    publishBudgetAlert({ ...alert, scope: 'key', thresholdPercent: 100 });
    publishBudgetAlert({ ...alert, scope: 'team', id: 't1' });
    metrics.close();
    expect(samples(await metrics.render(), 'switchyard_budget_alerts_total')).toEqual([
      'switchyard_budget_alerts_total{scope="key"} 2',
      'switchyard_budget_alerts_total{scope="team"} 1',
    ]);
  });

  it('reports a failure to record an event instead of throwing into the publisher', async () => {
    const errors: unknown[] = [];
    const metrics = makeMetrics({ onError: (error) => errors.push(error) });
    metrics.start();
    publishCircuitChange({ deployment: 'openai/gpt-4o', state: 'melted' } as unknown as CircuitChange);
    publishRequestEnd(makeRecord());
    metrics.close();
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(TypeError);
    expect(samples(await metrics.render(), 'switchyard_requests_total')).toHaveLength(1);
  });
});
