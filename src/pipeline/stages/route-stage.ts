import { principalMayUse } from '../../auth/index.js';
import type { Target } from '../../config/index.js';
import type { ProviderRegistry } from '../../providers/index.js';
import { combineRegions, deferOpenCircuits, estimateRequestTokens, planRoute } from '../../router/index.js';
import type { CircuitBreakers, ConnectionHealthView, DeploymentStats, RoutingRequest, StrategyInputs, TargetPrice, TokenEstimate } from '../../router/index.js';
import type { GatewayContext, Stage } from '../gateway-context.js';
import { priceOfTarget } from './price-of-target.js';

/** What routing reads besides the request: randomness, live deployment statistics, prices. */
export interface RouteDependencies {
  random: () => number;
  stats: DeploymentStats;
  /** For each provider type's catalog vendor and default price (as dispatch prices the answer). */
  registry: ProviderRegistry;
  /** Deployments whose circuit is open go to the back of the plan. */
  breakers: CircuitBreakers;
  /** So do deployments on a connection whose active health check failed. */
  connections?: ConnectionHealthView;
}

function routingRequest(context: GatewayContext): RoutingRequest {
  const principal = context.principal;
  return {
    body: context.body,
    tags: context.tags,
    caller: {
      keyId: principal?.keyId,
      teamId: principal?.teamId,
      userId: principal?.userId,
      allowedRegions: combineRegions(principal?.allowedRegions, context.headers['x-switchyard-regions']),
      mayUse: principal?.modelAccess && ((model) => principalMayUse(principal, model)),
    },
  };
}

/** One request's strategy inputs: methods rather than closures, one object per request. */
class RequestStrategyInputs implements StrategyInputs {
  readonly stats: DeploymentStats;
  // A field, not a method: strategies pass it on unbound.
  readonly random: () => number;
  #estimate: TokenEstimate | undefined;

  constructor(
    private readonly context: GatewayContext,
    private readonly dependencies: RouteDependencies,
  ) {
    this.stats = dependencies.stats;
    this.random = dependencies.random;
  }

  turn(modelName: string): number {
    return this.stats.nextTurn(modelName);
  }

  // Serializing the body costs time, so only `lowest-cost` models pay for it.
  estimate(): TokenEstimate {
    return (this.#estimate ??= estimateRequestTokens(this.context.body));
  }

  priceOf(target: Target): TargetPrice | undefined {
    const price = priceOfTarget(this.context.snapshot, this.dependencies.registry, target);
    return price && { inputPerMtok: price.inputPerMtok, outputPerMtok: price.outputPerMtok };
  }
}

/**
 * Resolves the request to ordered deployments (writes `plan`): `routes:` rules, a
 * `split:`, the caller's regions, the model's strategy; then moves deployments with an
 * open circuit, or on a connection failing its health check, to the end.
 */
export function createRouteStage(dependencies: RouteDependencies): Stage {
  return {
    name: 'route',
    run(context, next) {
      const plan = planRoute(context.snapshot, context.requestedModel, new RequestStrategyInputs(context, dependencies), routingRequest(context));
      context.plan = deferOpenCircuits(plan, context.snapshot, dependencies.breakers, dependencies.connections);
      return next();
    },
  };
}
