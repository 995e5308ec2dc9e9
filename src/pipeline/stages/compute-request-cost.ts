import type { Cost } from '../../pricing/index.js';
import { computeCost, lookupPrice } from '../../pricing/index.js';
import type { Outcome } from '../gateway-context.js';

/** Cost of what the request consumed, at the deployment's price (override, else catalog). */
export function computeRequestCost(outcome: Outcome): Cost {
  if (outcome.deploymentModel === undefined) return { micros: undefined, flags: ['price-unknown'] };
  const price = lookupPrice({
    vendor: outcome.priceVendor,
    model: outcome.deploymentModel,
    override: outcome.price,
  });
  return computeCost(outcome.usage, price);
}
