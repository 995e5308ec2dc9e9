import type { Target } from '../config/index.js';
import type { DeploymentStatsView } from './deployment-stats.js';

/** A rough size of one request, for cost estimates (see estimate-request-tokens.ts). */
export interface TokenEstimate {
  inputTokens: number;
  outputTokens: number;
}

/** USD per million tokens, as the price catalog or a target override gives it. */
export interface TargetPrice {
  inputPerMtok: number;
  outputPerMtok: number;
}

/**
 * Everything a strategy may read besides the targets. The route stage supplies the live
 * values; tests supply fixed ones. Functions are called only by the strategies that need them.
 */
export interface StrategyInputs {
  /** Uniform in [0, 1). */
  random(): number;
  stats: DeploymentStatsView;
  /** The model's next round-robin turn (advances a counter: call once per plan). */
  turn(modelName: string): number;
  estimate(): TokenEstimate;
  /** The deployment's price, or `undefined` when neither the catalog nor the config knows it. */
  priceOf(target: Target): TargetPrice | undefined;
}

/** Inputs for callers that route without live statistics (tests, tools). */
export function staticInputs(random: () => number): StrategyInputs {
  return {
    random,
    stats: { ttfbMs: () => undefined, ttfbP95Ms: () => undefined, inFlight: () => 0, requestsInWindow: () => 0, tokensInWindow: () => 0 },
    turn: () => 0,
    estimate: () => ({ inputTokens: 0, outputTokens: 0 }),
    priceOf: () => undefined,
  };
}
