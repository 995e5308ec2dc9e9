import type { ConfigSnapshot, ModelRoute } from '../config/index.js';
import { GatewayError } from '../core/errors.js';
import { chooseSplitArm, stickyIdFor } from './choose-split-arm.js';
import { eligibleTargets } from './eligible-targets.js';
import { selectRoute } from './match-route-rule.js';
import { orderTargets } from './order-targets.js';
import { readRequestFacts } from './read-request-facts.js';
import type { RequestFacts } from './read-request-facts.js';
import type { PlanStep, RoutePlan } from './route-plan.js';
import { PLAIN_REQUEST } from './routing-request.js';
import type { RoutingRequest } from './routing-request.js';
import type { StrategyInputs } from './strategy-inputs.js';

interface Planning {
  snapshot: ConfigSnapshot;
  request: RoutingRequest;
  inputs: StrategyInputs;
  /** Models whose every target was outside the caller's regions, for the error. */
  outOfRegion: string[];
}

function stepsForModel(planning: Planning, name: string): PlanStep[] {
  const configured = planning.snapshot.models.get(name);
  if (!configured) return [];
  const model = eligibleTargets(configured, planning.request.tags, planning.request.caller.allowedRegions);
  if (model.targets.length === 0) {
    planning.outOfRegion.push(name);
    return [];
  }
  const steps: PlanStep[] = [];
  for (const target of orderTargets(model, planning.inputs)) {
    const connection = planning.snapshot.providers.get(target.provider);
    if (connection) steps.push({ modelName: name, target, connection });
  }
  return steps;
}

function stepsForModels(planning: Planning, names: readonly string[], seen: Set<string>): PlanStep[] {
  const steps: PlanStep[] = [];
  const mayUse = planning.request.caller.mayUse;
  for (const name of names) {
    if (seen.has(name)) continue;
    seen.add(name);
    // A fallback the caller may not use is skipped, never tried on its behalf.
    if (mayUse && !mayUse(name)) continue;
    steps.push(...stepsForModel(planning, name));
  }
  return steps;
}

function planModel(planning: Planning, model: ModelRoute): Pick<RoutePlan, 'steps' | 'contextSteps' | 'contentSteps'> {
  const steps = stepsForModels(planning, [model.name, ...model.fallbacks], new Set());
  const contextFallbacks = model.contextFallbacks ?? [];
  const contentFallbacks = model.contentFallbacks ?? [];
  return {
    steps,
    contextSteps: contextFallbacks.length === 0 ? undefined : stepsForModels(planning, contextFallbacks, new Set([model.name])),
    contentSteps: contentFallbacks.length === 0 ? undefined : stepsForModels(planning, contentFallbacks, new Set([model.name])),
  };
}

/** `<provider>/<model>` addressing: one step, no routing; refused for region-restricted callers (no region is known). */
function planDirect(planning: Planning, requestedModel: string, name: string): Pick<RoutePlan, 'steps'> | undefined {
  const slash = name.indexOf('/');
  if (slash <= 0) return undefined;
  const connection = planning.snapshot.providers.get(name.slice(0, slash));
  const providerModel = name.slice(slash + 1);
  if (!connection || providerModel === '') return undefined;
  if (planning.request.caller.allowedRegions !== undefined) {
    planning.outOfRegion.push(requestedModel);
    return { steps: [] };
  }
  const target = { provider: connection.name, model: providerModel, weight: 1, price: undefined, rpm: undefined, tpm: undefined };
  return { steps: [{ modelName: name, target, connection }] };
}

function regionError(planning: Planning): GatewayError {
  const regions = planning.request.caller.allowedRegions ?? [];
  const allowed = regions.length === 0 ? 'none' : regions.join(', ');
  return new GatewayError('GW_FORBIDDEN', `No deployment of "${planning.outOfRegion.join('", "')}" is in a region this request may use (${allowed}).`, { param: 'model' });
}

/**
 * Resolves a request to the ordered deployments to try. First the `routes:` rules (the
 * first that matches picks the model), then the model's `split:` (the side sticks to the
 * caller), then each model's targets in its strategy's order, limited to the caller's
 * regions and the request's tags, followed by the model's fallbacks. Pure but for what
 * `inputs` supplies (random source, statistics, round-robin turns). A name that is not a
 * configured model may address a provider directly as `<provider>/<model>` (CONTRACT.md 2).
 */
export function planRoute(snapshot: ConfigSnapshot, requestedModel: string, inputs: StrategyInputs, request: RoutingRequest = PLAIN_REQUEST): RoutePlan {
  const planning: Planning = { snapshot, request, inputs, outOfRegion: [] };
  let facts: RequestFacts | undefined;
  let routedModel = requestedModel;
  let rule: string | undefined;
  if (snapshot.routes.length > 0) {
    facts = readRequestFacts(request.body);
    const matched = selectRoute(snapshot.routes, requestedModel, facts, request.tags, request.caller);
    if (matched) {
      routedModel = matched.model;
      rule = matched.name;
    }
  }
  let model = snapshot.models.get(routedModel);
  let splitArm: string | undefined;
  if (model?.split) {
    facts ??= readRequestFacts(request.body);
    const stickyId = stickyIdFor(model.sticky ?? 'key', request.caller, facts.endUser());
    splitArm = chooseSplitArm(model.split, stickyId, model.name, inputs.random).model;
    routedModel = splitArm;
    model = snapshot.models.get(splitArm);
  }
  // The model that serves must be allowed; so must a split model asked for by name (a
  // rule's model is the config's choice, the name asked for may be a routing alias).
  const mayUse = request.caller.mayUse;
  const denied = !mayUse ? undefined : !mayUse(routedModel) ? routedModel : splitArm !== undefined && rule === undefined && !mayUse(requestedModel) ? requestedModel : undefined;
  if (denied !== undefined) throw new GatewayError('GW_FORBIDDEN', `This caller may not use the model "${denied}".`, { param: 'model' });
  const planned = model ? planModel(planning, model) : planDirect(planning, requestedModel, routedModel);
  if (!planned) throw new GatewayError('GW_MODEL_NOT_FOUND', `The model "${requestedModel}" does not exist or is not configured.`, { param: 'model' });
  if (planned.steps.length === 0 && planning.outOfRegion.length > 0) throw regionError(planning);
  return { requestedModel, routedModel, rule, splitArm, ...planned };
}

/** Every model name a caller may send: configured models (direct addressing is implied). */
export function listModelNames(snapshot: ConfigSnapshot): string[] {
  return [...snapshot.models.keys()];
}
