import { planRoute } from '../../router/index.js';
import type { Stage } from '../gateway-context.js';

/** Resolves the model name to ordered deployments (writes `plan`). */
export function createRouteStage(random: () => number): Stage {
  return {
    name: 'route',
    run(context, next) {
      context.plan = planRoute(context.snapshot, context.requestedModel, random);
      return next();
    },
  };
}
