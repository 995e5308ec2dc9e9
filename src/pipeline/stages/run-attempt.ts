import { elapsedMs } from '../../core/clock.js';
import { GatewayError, toGatewayError } from '../../core/errors.js';
import { formatTraceparent, newSpanId } from '../../core/trace-context.js';
import { totalTokens } from '../../core/usage.js';
import type { ProviderAdapter, ProviderRegistry } from '../../providers/index.js';
import { deploymentKey } from '../../router/index.js';
import type { CircuitBreakers, DeploymentStats, PlanStep } from '../../router/index.js';
import type { Transport } from '../../upstream/index.js';
import type { GatewayContext, GatewayResult } from '../gateway-context.js';
import { callLocalModel } from './call-local-model.js';
import { callPassthrough } from './call-passthrough.js';
import { callTranslated } from './call-translated.js';
import type { RequestDeadline } from './request-deadline.js';
import type { AttemptCall } from './upstream-call-settings.js';
import { whenResultEnds } from './when-result-ends.js';

/** What one attempt needs besides the request. */
export interface AttemptDependencies {
  registry: ProviderRegistry;
  transport: Transport;
  stats: DeploymentStats;
  breakers: CircuitBreakers;
}

/** An attempt's verdict: an answer not yet sent to the caller, or the error it failed with. */
export type AttemptOutcome = { ok: true; result: GatewayResult } | { ok: false; error: GatewayError };

function attemptStep(step: PlanStep, context: GatewayContext, registry: ProviderRegistry, transport: Transport, call: AttemptCall): Promise<GatewayResult> {
  const adapter = registry.get(step.connection.type);
  // A type's code is imported on its first use (app.ts preloads the configured ones).
  if (!adapter) return registry.load(step.connection.type).then((loaded) => callAdapter(loaded, step, context, transport, call));
  return callAdapter(adapter, step, context, transport, call);
}

function callAdapter(adapter: ProviderAdapter | undefined, step: PlanStep, context: GatewayContext, transport: Transport, call: AttemptCall): Promise<GatewayResult> {
  context.outcome.price = step.target.price ?? adapter?.defaultPrice;
  context.outcome.priceVendor = adapter?.priceVendor;
  if (!adapter || adapter.notImplemented) {
    throw new GatewayError('GW_NOT_IMPLEMENTED', adapter?.notImplemented ?? `provider type "${step.connection.type}" is not available`);
  }
  if (adapter.local) return callLocalModel(adapter.local, step, context);
  const dialect = adapter.dialectFor?.(step.target.model, context.surface.dialect) ?? adapter.dialect;
  if (!dialect) throw new GatewayError('GW_NOT_IMPLEMENTED', `provider type "${adapter.type}" has no wire format`);
  // Same dialect in and out, and no stage rewrote the request: forward the caller's body
  // instead of rebuilding it. The Responses API passes through to providers that offer it.
  const sameDialect = dialect.id === context.surface.dialect || context.operation === 'responses';
  const codec = sameDialect && context.request === undefined ? adapter.passthrough?.[context.operation] : undefined;
  return codec
    ? callPassthrough(adapter, dialect, codec, step, context, transport, call)
    : callTranslated(adapter, dialect, step, context, transport, call);
}


/**
 * One attempt on one deployment, with its bookkeeping: the attempt record, the
 * deployment's statistics (in flight, time to first byte, tokens at the end) and its
 * circuit breaker (an answer closes it, a retryable failure counts toward opening it,
 * anything else only frees a half-open probe's slot). Direct `<provider>/<model>`
 * addressing is not routed: no statistics or breaker, whose keys would grow without
 * bound. Throws only when `context.cancellation` fired (the caller, or a hedge, left).
 */
export async function runAttempt(step: PlanStep, context: GatewayContext, dependencies: AttemptDependencies, deadline: RequestDeadline | undefined): Promise<AttemptOutcome> {
  const { registry, transport, stats, breakers } = dependencies;
  const startedAt = context.clock.monotonic();
  // A sampled request gives each attempt a span of its own, which the upstream continues.
  const trace = context.trace;
  const spanId = trace?.spanId === undefined ? undefined : newSpanId();
  const traceparent = spanId === undefined ? trace?.forwardTraceparent : formatTraceparent(trace!.traceId, spanId, true);
  const startOffsetMs = elapsedMs(context.startedAt, startedAt);
  context.outcome.provider = step.connection.name;
  context.outcome.deploymentModel = step.target.model;
  // Read back below as this attempt's first byte, so an earlier attempt's must not linger.
  context.outcome.firstByteAt = undefined;
  const route = context.snapshot.models.get(step.modelName);
  const key = route && deploymentKey(step.target);
  const tracker = key === undefined ? undefined : stats.start(key);
  const breakerSettings = route?.circuitBreaker;
  const admission = breakerSettings && key !== undefined ? breakers.admit(key) : undefined;
  let judged = false;
  let handedOver = false;
  try {
    const result = await (deadline
      ? deadline.run(context.cancellation, (signal) => attemptStep(step, context, registry, transport, { signal, traceparent }))
      : attemptStep(step, context, registry, transport, { signal: context.cancellation, traceparent }));
    context.attempts.push({ provider: step.connection.name, model: step.target.model, status: 200, errorKind: undefined, latencyMs: elapsedMs(startedAt, context.clock.monotonic()), startOffsetMs, spanId });
    if (admission) {
      breakers.recordSuccess(key!);
      judged = true;
    }
    if (!tracker) return { ok: true, result };
    tracker.firstByte(context.outcome.firstByteAt);
    handedOver = true;
    // The attempt ends with the answer: a stream's tokens are known only at its end.
    return { ok: true, result: whenResultEnds(result, () => tracker.end(totalTokens(context.outcome.usage)), context.cancellation) };
  } catch (caught) {
    if (context.cancellation.aborted) throw caught;
    const error = toGatewayError(caught);
    context.attempts.push({
      provider: step.connection.name,
      model: step.target.model,
      status: error.upstream?.status,
      errorKind: error.kind,
      latencyMs: elapsedMs(startedAt, context.clock.monotonic()),
      startOffsetMs,
      spanId,
    });
    if (admission && error.retryable) {
      breakers.recordFailure(key!, admission, breakerSettings!);
      judged = true;
    }
    return { ok: false, error };
  } finally {
    if (!handedOver) tracker?.end();
    if (admission && !judged) breakers.release(key!, admission);
  }
}
