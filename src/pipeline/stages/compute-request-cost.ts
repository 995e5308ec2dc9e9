import type { Cost } from '../../pricing/index.js';
import { computeCost, lookupPrice } from '../../pricing/index.js';
import type { Outcome } from '../gateway-context.js';

/** Set when an attempt the caller did not get may have been billed but reported no usage. */
export const SUPERSEDED_USAGE_UNKNOWN = 'superseded-usage-unknown';

function costOf(outcome: Outcome): Cost {
  if (outcome.deploymentModel === undefined) return { micros: undefined, flags: ['price-unknown'] };
  const price = lookupPrice({
    vendor: outcome.priceVendor,
    model: outcome.deploymentModel,
    override: outcome.price,
  });
  return computeCost(outcome.usage, price);
}

/**
 * Cost of what the request consumed, at each deployment's price (override, else
 * catalog): the answer's, plus any superseded attempt's that reported usage. One that
 * did not (a hedge cancelled before answering) is flagged rather than counted as free.
 */
export function computeRequestCost(outcome: Outcome): { micros?: number | undefined; flags: string[] } {
  const own = costOf(outcome);
  if (outcome.superseded === undefined) return own;
  let micros = own.micros;
  const flags: string[] = [...own.flags];
  for (const other of outcome.superseded) {
    const cost = costOf(other);
    if (cost.micros === undefined) {
      if (!flags.includes(SUPERSEDED_USAGE_UNKNOWN)) flags.push(SUPERSEDED_USAGE_UNKNOWN);
    } else if (micros !== undefined) {
      micros += cost.micros;
    }
  }
  return { micros, flags };
}
