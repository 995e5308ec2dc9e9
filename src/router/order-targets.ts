import type { ModelRoute, Target } from '../config/index.js';
import type { StrategyInputs } from './strategy-inputs.js';
import { orderLeastBusy } from './strategies/least-busy.js';
import { orderLeastLatency } from './strategies/least-latency.js';
import { orderLowestCost } from './strategies/lowest-cost.js';
import { orderPriority } from './strategies/priority.js';
import { orderRoundRobin } from './strategies/round-robin.js';
import { orderUsageBased } from './strategies/usage-based.js';
import { orderWeighted } from './strategies/weighted.js';

function orderActive(model: ModelRoute, active: readonly Target[], inputs: StrategyInputs): Target[] {
  switch (model.strategy) {
    case 'round-robin':
      return orderRoundRobin(active, inputs.turn(model.name));
    case 'least-latency':
      return orderLeastLatency(active, inputs.stats, inputs.random);
    case 'least-busy':
      return orderLeastBusy(active, inputs.stats, inputs.random);
    case 'lowest-cost':
      return orderLowestCost(active, inputs.estimate(), inputs.priceOf);
    case 'usage-based':
      return orderUsageBased(active, inputs.stats, inputs.random);
    case 'priority':
    case 'weighted':
      return orderWeighted(active, inputs.random);
  }
}

/**
 * Orders a model's targets for one request with its strategy: the first is the pick, the
 * rest the failover order. `priority` keeps the configured order as it is; every other
 * strategy orders the targets with a positive weight and tries zero-weight ones (standbys)
 * last, in configured order.
 */
export function orderTargets(model: ModelRoute, inputs: StrategyInputs): Target[] {
  if (model.strategy === 'priority' || model.targets.length === 1) return orderPriority(model.targets);
  const active = model.targets.filter((target) => target.weight > 0);
  const standby = model.targets.filter((target) => target.weight <= 0);
  return [...orderActive(model, active, inputs), ...standby];
}
