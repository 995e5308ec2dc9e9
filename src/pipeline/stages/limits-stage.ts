import { GatewayError } from '../../core/errors.js';
import { hasAnyLimit, rateLimitHeaders } from '../../limits/index.js';
import type { AdmissionQueue, AdmissionRequest, LimitLevel } from '../../limits/index.js';
import { countPromptTokens } from '../../limits/index.js';
import type { ProviderRegistry } from '../../providers/index.js';
import type { GatewayContext, GatewayResult, Stage } from '../gateway-context.js';
import { totalTokens } from '../../core/usage.js';
import { computeRequestCost } from './compute-request-cost.js';
import { priceOfTarget } from './price-of-target.js';
import { whenResultEnds } from './when-result-ends.js';

/** Output tokens assumed for the worst case when neither the request nor the target says. */
export const ASSUMED_MAX_OUTPUT_TOKENS = 4096;

export interface LimitsDependencies {
  queue: AdmissionQueue;
  registry: ProviderRegistry;
  /** A settle that failed (the store is down): the request is answered anyway; this is logged. */
  onSettleError: (error: unknown) => void;
}

function limitLevels(context: GatewayContext): LimitLevel[] {
  const levels: LimitLevel[] = [];
  for (const { scope, id, policy } of context.principal?.levels ?? []) {
    levels.push({ scope, id, rpm: policy.rpmLimit, tpm: policy.tpmLimit, maxParallel: policy.maxParallel, budgetMicros: policy.budgetMicros, budgetPeriod: policy.budgetPeriod });
  }
  const routed = context.plan && context.snapshot.models.get(context.plan.routedModel);
  if (routed?.limits) levels.push({ scope: 'model', id: routed.name, rpm: routed.limits.rpm, tpm: routed.limits.tpm, maxParallel: routed.limits.maxParallel });
  return levels;
}

function requestedMaxTokens(body: Record<string, unknown>): number | undefined {
  for (const field of ['max_tokens', 'max_completion_tokens', 'max_output_tokens']) {
    const value = body[field];
    if (typeof value === 'number' && Number.isFinite(value) && value > 0) return value;
  }
  return undefined;
}

/** The dearest deployment the plan may use, at the prompt's size and the most output it may write. */
function worstCaseCostMicros(context: GatewayContext, registry: ProviderRegistry, promptTokens: number): number | undefined {
  const plan = context.plan;
  if (!plan) return undefined;
  const requested = requestedMaxTokens(context.body);
  let worst: number | undefined;
  for (const step of [...plan.steps, ...(plan.contextSteps ?? []), ...(plan.contentSteps ?? [])]) {
    const price = priceOfTarget(context.snapshot, registry, step.target);
    if (!price) continue;
    const outputTokens = requested ?? step.target.maxOutputTokens ?? ASSUMED_MAX_OUTPUT_TOKENS;
    // USD per million tokens × tokens = micro-dollars.
    const micros = Math.ceil(promptTokens * price.inputPerMtok + outputTokens * price.outputPerMtok);
    worst = worst === undefined ? micros : Math.max(worst, micros);
  }
  return worst;
}

/**
 * Admission (issue #5): the caller's key, user and team limits and the routed model's,
 * checked together before any upstream call; a refusal is a 429. When the request ends
 * (a stream: when it ends, fails or the caller leaves) the hold is settled once: slots
 * freed, the token estimate replaced by the reported usage, the budget reservation
 * replaced by the actual cost. A request that got no answer is charged only what
 * superseded attempts reported; an answer without usage is charged its reservation.
 */
export function createLimitsStage(dependencies: LimitsDependencies): Stage {
  return {
    name: 'limits',
    // Not async: a request with no limits passes through without a promise of its own.
    run(context, next) {
      const levels = limitLevels(context);
      return hasAnyLimit(levels) ? admitAndRun(dependencies, context, levels, next) : next();
    },
  };
}

async function admitAndRun(dependencies: LimitsDependencies, context: GatewayContext, levels: LimitLevel[], next: () => Promise<GatewayResult>): Promise<GatewayResult> {
  const { queue, registry } = dependencies;
  const request: AdmissionRequest = {
    requestId: context.requestId,
    levels,
    promptTokens: () => countPromptTokens(context.body),
    worstCaseCostMicros: (promptTokens) => worstCaseCostMicros(context, registry, promptTokens),
  };
  const principal = context.principal;
  const admission = await queue
    .admit(request, { priority: principal?.priority ?? 0, timeoutMs: principal?.queueTimeoutMs ?? 0, signal: context.cancellation.signal })
    .catch((error: unknown) => {
      // Refusing is safer than letting spend through unchecked while the store is down.
      throw error instanceof GatewayError ? error : new GatewayError('GW_UNAVAILABLE', 'Limits cannot be checked right now (the limits store is unreachable).', { cause: error });
    });
  const headers = rateLimitHeaders(admission.status);
  if (headers.length > 0) context.rateLimitHeaders = headers;
  let settled = false;
  const settle = (answered: boolean) => {
    if (settled) return;
    settled = true;
    const cost = computeRequestCost(context.outcome);
    const costMicros = cost.micros ?? (answered ? undefined : 0);
    admission
      .settle({ tokens: totalTokens(context.outcome.usage), costMicros: context.outcome.provider === undefined ? 0 : costMicros })
      .then(() => queue.notify(), dependencies.onSettleError);
  };
  let result: GatewayResult;
  try {
    result = await next();
  } catch (error) {
    settle(false);
    throw error;
  }
  return whenResultEnds(result, () => settle(true), context.cancellation);
}
