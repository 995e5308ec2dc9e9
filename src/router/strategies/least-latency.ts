import type { Target } from '../../config/index.js';
import { deploymentKey } from '../deployment-stats.js';
import type { DeploymentStatsView } from '../deployment-stats.js';
import { orderWeighted } from './weighted.js';

/**
 * Lowest average time to first byte first. Deployments with no sample yet come before
 * all measured ones, so each gets measured; ties (and the unmeasured among themselves)
 * keep a weighted draw's order.
 */
export function orderLeastLatency(targets: readonly Target[], stats: DeploymentStatsView, random: () => number): Target[] {
  const rank = (target: Target) => stats.ttfbMs(deploymentKey(target)) ?? -1;
  return orderWeighted(targets, random).sort((a, b) => rank(a) - rank(b));
}
