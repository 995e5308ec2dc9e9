import type { Target } from '../../config/index.js';
import type { TargetPrice, TokenEstimate } from '../strategy-inputs.js';

/**
 * Cheapest estimated request first: price x estimated input and output tokens. Targets
 * with no known price come after every priced one (unknown is not free). Ties: higher
 * weight first, then configured order.
 */
export function orderLowestCost(targets: readonly Target[], estimate: TokenEstimate, priceOf: (target: Target) => TargetPrice | undefined): Target[] {
  const costs = new Map<Target, number>();
  for (const target of targets) {
    const price = priceOf(target);
    const cost = price ? estimate.inputTokens * price.inputPerMtok + estimate.outputTokens * price.outputPerMtok : Infinity;
    costs.set(target, cost);
  }
  return [...targets].sort((a, b) => {
    const difference = costs.get(a)! - costs.get(b)!;
    // Infinity - Infinity is NaN: two unpriced targets tie.
    if (difference !== 0 && !Number.isNaN(difference)) return difference;
    return b.weight - a.weight;
  });
}
