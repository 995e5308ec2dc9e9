import type { Target } from '../../config/index.js';
import { deploymentKey } from '../deployment-stats.js';
import type { DeploymentStatsView } from '../deployment-stats.js';
import { orderWeighted } from './weighted.js';

/**
 * Share of requests routed by weight alone, so a deployment that measured slow once (a GC
 * pause, a cold start) is measured again and can win back its traffic.
 */
export const LEAST_LATENCY_EXPLORE_RATE = 0.05;

/**
 * Lowest average time to first byte first. Deployments with no sample yet come before
 * all measured ones, so each gets measured; ties (and the unmeasured among themselves)
 * keep a weighted draw's order. One request in twenty explores: it follows the weighted
 * draw alone.
 */
export function orderLeastLatency(targets: readonly Target[], stats: DeploymentStatsView, random: () => number): Target[] {
  const explore = random() >= 1 - LEAST_LATENCY_EXPLORE_RATE;
  const weighted = orderWeighted(targets, random);
  if (explore) return weighted;
  const rank = (target: Target) => stats.ttfbMs(deploymentKey(target)) ?? -1;
  return weighted.sort((a, b) => rank(a) - rank(b));
}
