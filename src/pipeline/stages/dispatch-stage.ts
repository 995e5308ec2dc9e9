import { elapsedMs } from '../../core/clock.js';
import { GatewayError, toGatewayError } from '../../core/errors.js';
import type { ProviderAdapter, ProviderRegistry } from '../../providers/index.js';
import type { Usage } from '../../core/usage.js';
import type { AbortSource } from '../../core/cancellation.js';
import { deploymentKey, retryWaitMs, RetryBudget } from '../../router/index.js';
import type { AttemptTracker, CircuitBreakers, DeploymentStats, PlanStep } from '../../router/index.js';
import type { Transport } from '../../upstream/index.js';
import type { GatewayContext, GatewayResult, Stage } from '../gateway-context.js';
import { callLocalModel } from './call-local-model.js';
import { callTranslated } from './call-translated.js';
import { callPassthrough } from './call-passthrough.js';
import { RequestDeadline } from './request-deadline.js';
import { sleepUnlessCancelled } from './sleep-unless-cancelled.js';

function attemptStep(step: PlanStep, context: GatewayContext, registry: ProviderRegistry, transport: Transport, signal: AbortSource): Promise<GatewayResult> {
  const adapter = registry.get(step.connection.type);
  // A type's code is imported on its first use (app.ts preloads the configured ones).
  if (!adapter) return registry.load(step.connection.type).then((loaded) => callAdapter(loaded, step, context, transport, signal));
  return callAdapter(adapter, step, context, transport, signal);
}

function callAdapter(adapter: ProviderAdapter | undefined, step: PlanStep, context: GatewayContext, transport: Transport, signal: AbortSource): Promise<GatewayResult> {
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
    ? callPassthrough(adapter, dialect, codec, step, context, transport, signal)
    : callTranslated(adapter, dialect, step, context, transport, signal);
}

function tokensOf(usage: Usage | undefined): number | undefined {
  if (usage?.inputTokens === undefined && usage?.outputTokens === undefined) return undefined;
  return (usage.inputTokens ?? 0) + (usage.outputTokens ?? 0);
}

// Ends the attempt when the stream does: completed, failed, or abandoned by the caller
// (`return()` from the reader runs the finally). A generator nobody starts reading never
// reaches its finally, so the caller's disconnect, subscribed before it starts, ends it too.
function trackStream<T>(source: AsyncIterable<T>, tracker: AttemptTracker, context: GatewayContext): AsyncIterable<T> {
  const end = () => tracker.end(tokensOf(context.outcome.usage));
  context.cancellation.on('abort', end);
  return (async function* tracked() {
    try {
      yield* source;
    } finally {
      context.cancellation.removeListener('abort', end);
      end();
    }
  })();
}

function trackResult(result: GatewayResult, tracker: AttemptTracker, context: GatewayContext): GatewayResult {
  if (result.kind === 'chat-stream') return { ...result, events: trackStream(result.events, tracker, context) };
  if (result.kind === 'raw-stream') return { ...result, chunks: trackStream(result.chunks, tracker, context) };
  tracker.end(tokensOf(context.outcome.usage));
  return result;
}

/** What the attempt loop needs besides the request; injected so tests control chance and budget. */
export interface RetryDependencies {
  /** [0, 1), for the backoff's jitter. */
  random: () => number;
  budget: RetryBudget;
}

/**
 * The attempt loop. First pass: the plan's deployments in order, moving on at once on a
 * retryable error (failover). Then, while the requested model's `retries` last, the plan
 * again from the start, each retry after a jittered backoff (at least the deployment's
 * Retry-After) and only when the model's retry budget allows. A result returned here has
 * not sent a byte to the caller yet; once a stream is handed out, failures become
 * in-stream errors (the commit point). A model's `timeout_ms` bounds the whole loop.
 * Each attempt on a configured model is recorded in `stats` (in flight, time to first
 * byte on success, tokens at the end) for the routing strategies; every exit path ends it.
 * Its outcome feeds the deployment's circuit breaker (when the step's model has one):
 * an answer closes it, a retryable failure counts toward opening it; anything else
 * (a client error, the caller leaving) only frees a half-open probe's slot.
 */
export function createDispatchStage(
  registry: ProviderRegistry,
  transport: Transport,
  stats: DeploymentStats,
  breakers: CircuitBreakers,
  retries: RetryDependencies = { random: Math.random, budget: new RetryBudget() },
): Stage {
  return {
    name: 'dispatch',
    async run(context) {
      const steps = context.plan?.steps ?? [];
      // The requested model's settings govern the whole request, its fallbacks' steps included.
      const route = steps.length > 0 ? context.snapshot.models.get(steps[0]!.modelName) : undefined;
      const retry = route?.retry !== undefined && route.retry.retries > 0 ? route.retry : undefined;
      if (retry) retries.budget.deposit(route!.name);
      const totalMs = route?.timeouts?.totalMs;
      const deadline = totalMs === undefined ? undefined : new RequestDeadline(context.clock, totalMs);
      let lastError: GatewayError | undefined;
      // The latest error per plan step, kept once something failed: a retry honours the
      // Retry-After of the deployment it goes back to.
      let failures: GatewayError[] | undefined;
      for (let index = 0; ; index += 1) {
        const stepIndex = index % (steps.length || 1);
        if (index >= steps.length) {
          const retried = index - steps.length;
          if (lastError === undefined || retry === undefined || retried >= retry.retries) break;
          const previous = failures?.[stepIndex] ?? lastError;
          const waitMs = retryWaitMs(retried, previous.retryAfterMs, retry, retries.random);
          // Beyond the cap the caller hears the Retry-After and decides when to come back.
          if (waitMs === undefined) throw previous;
          if (deadline && waitMs >= deadline.remainingMs()) break;
          if (!retries.budget.tryWithdraw(route!.name)) break;
          if (!(await sleepUnlessCancelled(waitMs, context.cancellation))) throw lastError;
        }
        if (deadline && deadline.remainingMs() <= 0) throw lastError ?? deadline.timeoutError();
        const step = steps[stepIndex]!;
        const startedAt = context.clock.monotonic();
        context.outcome.provider = step.connection.name;
        context.outcome.deploymentModel = step.target.model;
        // Read back below as this attempt's first byte, so an earlier attempt's must not linger.
        context.outcome.firstByteAt = undefined;
        // Direct `<provider>/<model>` addressing is not routed: no stats or breaker, whose
        // keys would grow without bound.
        const stepRoute = context.snapshot.models.get(step.modelName);
        const key = stepRoute && deploymentKey(step.target);
        const tracker = key === undefined ? undefined : stats.start(key);
        const breakerSettings = stepRoute?.circuitBreaker;
        const admission = breakerSettings && key !== undefined ? breakers.admit(key) : undefined;
        let judged = false;
        let handedOver = false;
        try {
          const result = await (deadline
            ? deadline.run(context.cancellation, (signal) => attemptStep(step, context, registry, transport, signal))
            : attemptStep(step, context, registry, transport, context.cancellation));
          context.attempts.push({ provider: step.connection.name, model: step.target.model, status: 200, errorKind: undefined, latencyMs: elapsedMs(startedAt, context.clock.monotonic()) });
          if (admission) {
            breakers.recordSuccess(key!);
            judged = true;
          }
          if (!tracker) return result;
          tracker.firstByte(context.outcome.firstByteAt);
          handedOver = true;
          return trackResult(result, tracker, context);
        } catch (caught) {
          if (context.cancellation.aborted) throw caught;
          const error = toGatewayError(caught);
          context.attempts.push({
            provider: step.connection.name,
            model: step.target.model,
            status: error.upstream?.status,
            errorKind: error.kind,
            latencyMs: elapsedMs(startedAt, context.clock.monotonic()),
          });
          if (!error.retryable) throw error;
          if (admission) {
            breakers.recordFailure(key!, admission, breakerSettings!);
            judged = true;
          }
          lastError = error;
          (failures ??= [])[stepIndex] = error;
        } finally {
          if (!handedOver) tracker?.end();
          if (admission && !judged) breakers.release(key!, admission);
        }
      }
      throw lastError ?? new GatewayError('GW_MODEL_NOT_FOUND', `No deployment can serve "${context.requestedModel}".`);
    },
  };
}
