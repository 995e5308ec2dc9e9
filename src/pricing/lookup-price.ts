import { isCatalogVendor, isHostingVendor } from './catalog-vendor.js';
import type { CatalogVendor } from './catalog-vendor.js';
import type { ModelPrice } from './model-price.js';
import { parseModelId } from './parse-model-id.js';
import { PRICE_CATALOG } from './price-catalog.js';
import { versionCandidates } from './version-candidates.js';

/** What to price: one model, as one provider bills it. */
export interface PriceQuery {
  /**
   * Catalog vendor whose list price applies (a provider adapter's `priceVendor`). When absent or
   * not a catalog vendor, the model name decides, searched across model makers only.
   */
  vendor?: string;
  /** Model id as configured, sent upstream or reported back; any spelling `lookupPrice` resolves. */
  model: string;
  /**
   * Configured price. With both `inputPerMtok` and `outputPerMtok` it replaces the catalog;
   * otherwise its fields are applied on top of the catalog price.
   */
  override?: Partial<ModelPrice>;
}

interface PriceIndex {
  /** Catalog keys plus `<vendor>/<last path segment>` aliases (groq/gpt-oss-120b). */
  byVendorModel: ReadonlyMap<string, ModelPrice>;
  /** Model part of every model maker's key; `null` when two makers list the same name. */
  byModel: ReadonlyMap<string, ModelPrice | null>;
}

function buildIndex(catalog: ReadonlyMap<string, ModelPrice>): PriceIndex {
  const byVendorModel = new Map(catalog);
  const byModel = new Map<string, ModelPrice | null>();
  const aliases = new Set<string>();
  for (const [key, price] of catalog) {
    const slash = key.indexOf('/');
    const vendor = key.slice(0, slash);
    const model = key.slice(slash + 1);
    const lastSegment = model.slice(model.lastIndexOf('/') + 1);
    const alias = `${vendor}/${lastSegment}`;
    if (lastSegment !== model && !catalog.has(alias)) {
      if (aliases.has(alias)) byVendorModel.delete(alias);
      else byVendorModel.set(alias, price);
      aliases.add(alias);
    }
    if (isCatalogVendor(vendor) && !isHostingVendor(vendor)) {
      byModel.set(model, byModel.has(model) ? null : price);
    }
  }
  return { byVendorModel, byModel };
}

const INDEX: PriceIndex = buildIndex(PRICE_CATALOG);

function findForVendor(vendor: CatalogVendor, name: string): ModelPrice | undefined {
  for (const candidate of versionCandidates(name)) {
    const price = INDEX.byVendorModel.get(`${vendor}/${candidate}`);
    if (price) return price;
  }
  return undefined;
}

function findByModel(name: string): ModelPrice | undefined {
  for (const candidate of versionCandidates(name)) {
    // An ambiguous name stops the search: a less specific version is no less ambiguous.
    if (INDEX.byModel.has(candidate)) return INDEX.byModel.get(candidate) ?? undefined;
  }
  return undefined;
}

// Resolving an id walks its version candidates; each request asks for the same few ids,
// so answers (misses included) are remembered. Bounded: cleared when full.
const RESOLVED_LIMIT = 4096;
const resolved = new Map<string, ModelPrice | undefined>();

function findListedPrice(vendor: string | undefined, model: string): ModelPrice | undefined {
  const key = `${vendor ?? ''}\u0000${model}`;
  if (resolved.has(key)) return resolved.get(key);
  const price = resolveListedPrice(vendor, model);
  if (resolved.size >= RESOLVED_LIMIT) resolved.clear();
  resolved.set(key, price);
  return price;
}

function resolveListedPrice(vendor: string | undefined, model: string): ModelPrice | undefined {
  const id = parseModelId(model);
  if (!id) return undefined;
  const vendorName = vendor?.trim().toLowerCase();
  if (vendorName !== undefined && isCatalogVendor(vendorName)) {
    return (
      findForVendor(vendorName, id.full) ??
      (id.prefixVendor === vendorName && id.rest !== id.full ? findForVendor(vendorName, id.rest) : undefined)
    );
  }
  const prefixed = id.prefixVendor ? findForVendor(id.prefixVendor, id.rest) : undefined;
  return prefixed ?? findByModel(id.full) ?? (id.rest !== id.full ? findByModel(id.rest) : undefined);
}

const PRICE_FIELDS = ['inputPerMtok', 'outputPerMtok', 'cachedInputPerMtok', 'cacheWriteInputPerMtok'] as const;

function applyOverride(base: ModelPrice, override: Partial<ModelPrice>): ModelPrice {
  const price: ModelPrice = { ...base };
  for (const field of PRICE_FIELDS) {
    const value = override[field];
    if (value !== undefined) price[field] = value;
  }
  return price;
}

/**
 * Price of one model, or `undefined` when it is not known (never a zero price).
 *
 * An override with both input and output prices wins outright. Otherwise the catalog price
 * is found and the override's fields, if any, replace its fields. Model ids resolve from the
 * exact `<vendor>/<model>` key, a `vendor/` prefix, dated or `-latest`/`-preview` tails,
 * Bedrock ids (`us.anthropic.claude-...-v1:0`) and Vertex ids (`claude-...@20250929`); a
 * shorter, different model name never matches (gpt-4o-mini is not gpt-4o). Indexes are
 * built once at load; a lookup is a handful of map reads.
 */
export function lookupPrice(query: PriceQuery): ModelPrice | undefined {
  const { override } = query;
  if (override?.inputPerMtok !== undefined && override.outputPerMtok !== undefined) {
    return applyOverride({ inputPerMtok: override.inputPerMtok, outputPerMtok: override.outputPerMtok }, override);
  }
  const listed = findListedPrice(query.vendor, query.model);
  return listed && override ? applyOverride(listed, override) : listed;
}
