import type { Target } from '../../config/index.js';

/**
 * Turn n starts at target n mod count and continues in configured order, wrapping, so
 * consecutive requests cycle through the targets and each has the others as failover.
 */
export function orderRoundRobin(targets: readonly Target[], turn: number): Target[] {
  if (targets.length === 0) return [];
  const start = turn % targets.length;
  return [...targets.slice(start), ...targets.slice(0, start)];
}
