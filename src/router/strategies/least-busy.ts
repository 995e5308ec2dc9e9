import type { Target } from '../../config/index.js';
import { deploymentKey } from '../deployment-stats.js';
import type { DeploymentStatsView } from '../deployment-stats.js';
import { orderWeighted } from './weighted.js';

/** Fewest attempts in flight first; ties keep a weighted draw's order, so idle traffic spreads by weight. */
export function orderLeastBusy(targets: readonly Target[], stats: DeploymentStatsView, random: () => number): Target[] {
  const busy = (target: Target) => stats.inFlight(deploymentKey(target));
  return orderWeighted(targets, random).sort((a, b) => busy(a) - busy(b));
}
