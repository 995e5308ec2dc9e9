import { GatewayError } from '../../core/errors.js';
import type { ErrorKind } from '../../core/errors.js';
import type { ProviderRegistry } from '../../providers/index.js';
import { deploymentKey, retryWaitMs, RetryBudget } from '../../router/index.js';
import type { CircuitBreakers, DeploymentStats, PlanStep, RoutePlan } from '../../router/index.js';
import type { Transport } from '../../upstream/index.js';
import type { GatewayContext, GatewayResult, Outcome, Stage } from '../gateway-context.js';
import { RequestDeadline } from './request-deadline.js';
import { runAttempt } from './run-attempt.js';
import type { AttemptDependencies, AttemptOutcome } from './run-attempt.js';
import { runHedgedAttempt } from './run-hedged-attempt.js';
import type { HedgedOutcome } from './run-hedged-attempt.js';
import { sleepUnlessCancelled } from './sleep-unless-cancelled.js';

/** What the attempt loop needs besides the request; injected so tests control chance and budget. */
export interface RetryDependencies {
  /** [0, 1), for the backoff's jitter. */
  random: () => number;
  budget: RetryBudget;
}

/** A complete answer that is a content-filter refusal, in canonical or in the surface's own form. */
function isRefusal(result: GatewayResult, context: GatewayContext): boolean {
  if (result.kind === 'chat') return result.response.choices.some((choice) => choice.finishReason.unified === 'content-filter');
  if (result.kind !== 'raw' || result.status >= 300 || !context.surface.isContentRefusal) return false;
  try {
    return context.surface.isContentRefusal(JSON.parse(result.body.toString('utf8')));
  } catch {
    return false;
  }
}

/** The steps a conditional fallback replaces the rest of the plan with, once each. */
function conditionalSteps(plan: RoutePlan | undefined, kind: ErrorKind, used: ErrorKind[]): PlanStep[] | undefined {
  const steps = kind === 'context_too_long' ? plan?.contextSteps : kind === 'content_filtered' ? plan?.contentSteps : undefined;
  if (!steps || steps.length === 0 || used.includes(kind)) return undefined;
  used.push(kind);
  return steps;
}

function hedgeDelayMs(context: GatewayContext, step: PlanStep, stats: DeploymentStats): number | undefined {
  const hedge = context.snapshot.models.get(step.modelName)?.hedge;
  return hedge && (hedge.delayMs ?? stats.ttfbP95Ms(deploymentKey(step.target)) ?? hedge.initialDelayMs);
}

/**
 * The attempt loop. First pass: the plan's deployments in order, moving on at once on a
 * retryable error (failover), with a hedge on the next deployment when the model asks
 * for one. Then, while the routed model's `retries` last, the plan again from the start,
 * each retry after a jittered backoff (at least the deployment's Retry-After) and only
 * when the model's retry budget allows. A context-too-long error or a content-filter
 * refusal switches to the model's `context_fallbacks` / `content_fallbacks` instead.
 * A result returned here has not sent a byte to the caller yet; once a stream is handed
 * out, failures become in-stream errors (the commit point). A model's `timeout_ms`
 * bounds the whole loop. Each attempt's bookkeeping is in run-attempt.ts.
 */
export function createDispatchStage(
  registry: ProviderRegistry,
  transport: Transport,
  stats: DeploymentStats,
  breakers: CircuitBreakers,
  retries: RetryDependencies = { random: Math.random, budget: new RetryBudget() },
): Stage {
  const dependencies: AttemptDependencies = { registry, transport, stats, breakers };
  return {
    name: 'dispatch',
    async run(context) {
      const plan = context.plan;
      let steps = plan?.steps ?? [];
      // The routed model's settings govern the whole request, its fallbacks' steps included
      // (whatever step comes first: an open circuit may have moved its own to the end).
      const route = plan ? context.snapshot.models.get(plan.routedModel) : undefined;
      const retry = route?.retry !== undefined && route.retry.retries > 0 ? route.retry : undefined;
      if (retry) retries.budget.deposit(route!.name);
      const totalMs = route?.timeouts?.totalMs;
      const deadline = totalMs === undefined ? undefined : new RequestDeadline(context.clock, totalMs);
      const usedConditional: ErrorKind[] = [];
      // The conditional fallback list being tried: its own kind of failure moves to its next step.
      let active: ErrorKind | undefined;
      let lastError: GatewayError | undefined;
      // The latest error per plan step, kept once something failed: a retry honours the
      // Retry-After of the deployment it goes back to.
      let failures: GatewayError[] | undefined;
      // The first refusal, handed to the content fallbacks: still the answer if they all fail.
      let refusal: { result: GatewayResult; outcome: Outcome } | undefined;
      const answer = (result: GatewayResult): GatewayResult => {
        // The caller gets another answer, but the refused one was billed.
        if (refusal) (context.outcome.superseded ??= []).push(refusal.outcome);
        return result;
      };
      const giveRefusal = (): GatewayResult => {
        const superseded = context.outcome.superseded;
        Object.assign(context.outcome, refusal!.outcome, { superseded });
        return refusal!.result;
      };
      // One hedge per request bounds the extra load at one request.
      let hedged = false;
      for (let index = 0; ; ) {
        const stepIndex = index % (steps.length || 1);
        if (index >= steps.length) {
          const retried = index - steps.length;
          if (lastError === undefined || !lastError.retryable || retry === undefined || retried >= retry.retries) break;
          const previous = failures?.[stepIndex] ?? lastError;
          const waitMs = retryWaitMs(retried, previous.retryAfterMs, retry, retries.random);
          // Beyond the cap the caller hears the Retry-After and decides when to come back.
          if (waitMs === undefined) throw previous;
          if (deadline && (deadline.expired || waitMs >= deadline.remainingMs())) break;
          if (!retries.budget.tryWithdraw(route!.name)) break;
          if (!(await sleepUnlessCancelled(waitMs, context.cancellation))) throw lastError;
        }
        if (deadline?.expired) throw lastError ?? deadline.timeoutError();
        const step = steps[stepIndex]!;
        // Hedging is for the first pass: a retry already waited its backoff.
        const hedgeStep = !hedged && index + 1 < steps.length ? steps[index + 1] : undefined;
        const delayMs = hedgeStep && hedgeDelayMs(context, step, stats);
        const attempt: HedgedOutcome =
          hedgeStep && delayMs !== undefined
            ? await runHedgedAttempt(step, hedgeStep, delayMs, context, dependencies, deadline)
            : singleAttempt(await runAttempt(step, context, dependencies, deadline));
        index += attempt.consumed;
        hedged ||= attempt.consumed === 2;
        const { outcome } = attempt;
        if (outcome.ok) {
          const inContentList = active === 'content_filtered';
          const fallback = plan?.contentSteps && isRefusal(outcome.result, context) ? (inContentList ? steps : conditionalSteps(plan, 'content_filtered', usedConditional)) : undefined;
          if (!fallback) return answer(outcome.result);
          context.attempts[context.attempts.length - 1]!.errorKind = 'content_filtered';
          if (refusal) (context.outcome.superseded ??= []).push({ ...context.outcome });
          else refusal = { result: outcome.result, outcome: { ...context.outcome } };
          if (!inContentList) [steps, index, failures, lastError, active] = [fallback, 0, undefined, undefined, 'content_filtered'];
          continue;
        }
        const error = outcome.error;
        if (error.kind === active) {
          // Too long (or refused) for this fallback too: on to the list's next step.
          lastError = error;
          continue;
        }
        const fallback = conditionalSteps(plan, error.kind, usedConditional);
        if (fallback) {
          [steps, index, failures, lastError, active] = [fallback, 0, undefined, error, error.kind];
          continue;
        }
        if (!error.retryable) {
          if (refusal) return giveRefusal();
          throw error;
        }
        lastError = error;
        for (const failure of attempt.failures) (failures ??= [])[(stepIndex + failure.offset) % steps.length] = failure.error;
      }
      if (refusal) return giveRefusal();
      throw lastError ?? new GatewayError('GW_MODEL_NOT_FOUND', `No deployment can serve "${context.requestedModel}".`);
    },
  };
}

function singleAttempt(outcome: AttemptOutcome): HedgedOutcome {
  return { outcome, consumed: 1, failures: outcome.ok ? [] : [{ offset: 0, error: outcome.error }] };
}
