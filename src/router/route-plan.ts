import type { ProviderConnection, Target } from '../config/index.js';

/** One deployment to try, in plan order. */
export interface PlanStep {
  /** The model name this step serves (the requested one, or a fallback). */
  modelName: string;
  target: Target;
  connection: ProviderConnection;
}

/** The ordered attempts for one request: the chosen model's targets, then its fallbacks'. */
export interface RoutePlan {
  requestedModel: string;
  steps: PlanStep[];
}
