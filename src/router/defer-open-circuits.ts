import type { ConfigSnapshot } from '../config/index.js';
import type { CircuitBreakers } from './circuit-breaker.js';
import type { ConnectionHealthView } from './connection-health.js';
import { deploymentKey } from './deployment-stats.js';
import type { PlanStep, RoutePlan } from './route-plan.js';

/**
 * Moves steps whose circuit is open (or whose half-open probe is out), and steps on a
 * provider connection whose latest active health check failed, to the end of the plan,
 * keeping the order within each group. Never drops one: when every deployment is
 * deferred the plan is unchanged and the request still tries them all.
 */
export function deferOpenCircuits(plan: RoutePlan, snapshot: ConfigSnapshot, breakers: CircuitBreakers, connections?: ConnectionHealthView): RoutePlan {
  const ready: PlanStep[] = [];
  const deferred: PlanStep[] = [];
  for (const step of plan.steps) {
    const guarded = snapshot.models.get(step.modelName)?.circuitBreaker !== undefined;
    const open = guarded && !breakers.available(deploymentKey(step.target));
    (open || connections?.isDown(step.connection.name) === true ? deferred : ready).push(step);
  }
  return deferred.length === 0 ? plan : { ...plan, steps: [...ready, ...deferred] };
}
