import type { ConfigSnapshot, Target } from '../../config/index.js';
import { lookupPrice } from '../../pricing/index.js';
import type { ModelPrice } from '../../pricing/index.js';
import type { ProviderRegistry } from '../../providers/index.js';

/**
 * A deployment's price as dispatch will bill it: the target's override, else the
 * provider type's default, else the catalog by the type's vendor. Undefined when unknown.
 */
export function priceOfTarget(snapshot: ConfigSnapshot, registry: ProviderRegistry, target: Target): ModelPrice | undefined {
  const type = snapshot.providers.get(target.provider)?.type;
  const adapter = type === undefined ? undefined : registry.get(type);
  return lookupPrice({ vendor: adapter?.priceVendor, model: target.model, override: target.price ?? adapter?.defaultPrice });
}
