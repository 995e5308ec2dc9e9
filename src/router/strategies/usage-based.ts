import type { Target } from '../../config/index.js';
import { deploymentKey } from '../deployment-stats.js';
import type { DeploymentStatsView } from '../deployment-stats.js';
import { orderWeighted } from './weighted.js';

/**
 * Share of the declared quotas still free in the sliding minute: the smaller of the rpm
 * and tpm shares, 1 when the target declares neither, 0 (or below) once a quota is used up.
 */
export function quotaHeadroom(target: Target, stats: DeploymentStatsView): number {
  const key = deploymentKey(target);
  let headroom = 1;
  if (target.rpm !== undefined) headroom = Math.min(headroom, 1 - stats.requestsInWindow(key) / target.rpm);
  if (target.tpm !== undefined) headroom = Math.min(headroom, 1 - stats.tokensInWindow(key) / target.tpm);
  return headroom;
}

/**
 * Most headroom against the target's `rpm`/`tpm` quotas first; a target at its quota goes
 * last (it stays in the plan: the provider may still accept it). Ties keep a weighted draw's order.
 */
export function orderUsageBased(targets: readonly Target[], stats: DeploymentStatsView, random: () => number): Target[] {
  const headroom = new Map<Target, number>();
  for (const target of targets) headroom.set(target, Math.max(0, quotaHeadroom(target, stats)));
  return orderWeighted(targets, random).sort((a, b) => headroom.get(b)! - headroom.get(a)!);
}
