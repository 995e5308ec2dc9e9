import type { ConfigSnapshot } from '../config/index.js';
import type { CircuitBreakers } from './circuit-breaker.js';
import { deploymentKey } from './deployment-stats.js';
import type { PlanStep, RoutePlan } from './route-plan.js';

/**
 * Moves steps whose circuit is open (or whose half-open probe is out) to the end of the
 * plan, keeping the order within each group. Never drops one: when every deployment is
 * open the plan is unchanged and the request still tries them all.
 */
export function deferOpenCircuits(plan: RoutePlan, snapshot: ConfigSnapshot, breakers: CircuitBreakers): RoutePlan {
  const ready: PlanStep[] = [];
  const deferred: PlanStep[] = [];
  for (const step of plan.steps) {
    const guarded = snapshot.models.get(step.modelName)?.circuitBreaker !== undefined;
    (guarded && !breakers.available(deploymentKey(step.target)) ? deferred : ready).push(step);
  }
  return deferred.length === 0 ? plan : { ...plan, steps: [...ready, ...deferred] };
}
