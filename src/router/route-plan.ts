import type { ProviderConnection, Target } from '../config/index.js';

/** One deployment to try, in plan order. */
export interface PlanStep {
  /** The model name this step serves (the routed one, or a fallback). */
  modelName: string;
  target: Target;
  connection: ProviderConnection;
}

/**
 * The ordered attempts for one request: the routed model's targets, then its
 * `fallbacks`'. The conditional fallbacks replace what is left of the plan when a
 * deployment's error says so; they are empty when the model configures none.
 */
export interface RoutePlan {
  requestedModel: string;
  /** The model the request resolved to, after `routes:` rules and a `split:`. */
  routedModel: string;
  /** The `routes:` rule that chose the model, when one matched. */
  rule?: string | undefined;
  /** The side of a `split:` the request landed on (its model name). */
  splitArm?: string | undefined;
  steps: PlanStep[];
  /** Tried when a deployment answers that the prompt is too long (`context_fallbacks`). */
  contextSteps?: PlanStep[];
  /** Tried when a deployment refuses on content-filter grounds (`content_fallbacks`). */
  contentSteps?: PlanStep[];
}
