export type { ModelPrice } from './model-price.js';
export type { CatalogVendor } from './catalog-vendor.js';
export { CATALOG_VENDORS, isCatalogVendor } from './catalog-vendor.js';
export { PRICE_CATALOG, CATALOG_AS_OF } from './price-catalog.js';
export type { PriceQuery } from './lookup-price.js';
export { lookupPrice } from './lookup-price.js';
export type { Cost, CostFlag } from './compute-cost.js';
export { computeCost } from './compute-cost.js';
export { formatMicrosAsUsd } from './format-usd.js';
