import type { ConfigSnapshot } from '../config/index.js';
import { GatewayError } from '../core/errors.js';
import { orderTargets } from './order-targets.js';
import type { PlanStep, RoutePlan } from './route-plan.js';
import type { StrategyInputs } from './strategy-inputs.js';

function stepsForModel(snapshot: ConfigSnapshot, name: string, inputs: StrategyInputs): PlanStep[] {
  const model = snapshot.models.get(name);
  if (!model) return [];
  const steps: PlanStep[] = [];
  for (const target of orderTargets(model, inputs)) {
    const connection = snapshot.providers.get(target.provider);
    if (connection) steps.push({ modelName: name, target, connection });
  }
  return steps;
}

/**
 * Resolves a requested model name to the ordered deployments to try, each model's
 * targets in its strategy's order. Pure but for what `inputs` supplies (random source,
 * statistics view, round-robin turns): the snapshot and inputs in, a plan out. A name that is not a configured model may
 * address a provider directly as `<provider>/<model>` (CONTRACT.md section 2).
 */
export function planRoute(snapshot: ConfigSnapshot, requestedModel: string, inputs: StrategyInputs): RoutePlan {
  const model = snapshot.models.get(requestedModel);
  if (model) {
    const steps = stepsForModel(snapshot, requestedModel, inputs);
    const seen = new Set([requestedModel]);
    for (const fallback of model.fallbacks) {
      if (seen.has(fallback)) continue;
      seen.add(fallback);
      steps.push(...stepsForModel(snapshot, fallback, inputs));
    }
    return { requestedModel, steps };
  }
  const slash = requestedModel.indexOf('/');
  if (slash > 0) {
    const connection = snapshot.providers.get(requestedModel.slice(0, slash));
    const providerModel = requestedModel.slice(slash + 1);
    if (connection && providerModel !== '') {
      const target = { provider: connection.name, model: providerModel, weight: 1, price: undefined, rpm: undefined, tpm: undefined };
      return { requestedModel, steps: [{ modelName: requestedModel, target, connection }] };
    }
  }
  throw new GatewayError('GW_MODEL_NOT_FOUND', `The model "${requestedModel}" does not exist or is not configured.`, { param: 'model' });
}

/** Every model name a caller may send: configured models (direct addressing is implied). */
export function listModelNames(snapshot: ConfigSnapshot): string[] {
  return [...snapshot.models.keys()];
}
