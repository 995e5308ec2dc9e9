/** A vendor whose list prices the catalog carries; the first segment of every catalog key. */
export type CatalogVendor = 'openai' | 'anthropic' | 'google' | 'mistral' | 'cohere' | 'deepseek' | 'xai' | 'groq';

/** Every catalog vendor, in catalog order. */
export const CATALOG_VENDORS: readonly CatalogVendor[] = Object.freeze([
  'openai',
  'anthropic',
  'google',
  'mistral',
  'cohere',
  'deepseek',
  'xai',
  'groq',
]);

const VENDOR_SET: ReadonlySet<string> = new Set(CATALOG_VENDORS);

/** True when `value` names a catalog vendor (case-sensitive; keys are lower-case). */
export function isCatalogVendor(value: string): value is CatalogVendor {
  return VENDOR_SET.has(value);
}

// Groq resells other makers' open-weight models; its price says nothing about what the same
// model costs at Together, Fireworks or OpenRouter, so lookups without a vendor skip it.
const HOSTING_VENDORS: ReadonlySet<CatalogVendor> = new Set<CatalogVendor>(['groq']);

/** True for vendors whose prices apply only to requests sent to them, never by model name alone. */
export function isHostingVendor(vendor: CatalogVendor): boolean {
  return HOSTING_VENDORS.has(vendor);
}
