import { isCatalogVendor, type CatalogVendor } from './catalog-vendor.js';

/** A model id as clients and providers spell it, reduced to what the price catalog keys on. */
export interface ParsedModelId {
  /** Lower-cased id without region, resource-path, Vertex `@version` or Bedrock `-v1:0` parts. */
  full: string;
  /** Catalog vendor named by a leading `vendor/` or Bedrock `vendor.` prefix, if any. */
  prefixVendor?: CatalogVendor;
  /** `full` without that prefix; equal to `full` when there is none. */
  rest: string;
}

// Bedrock model ids: https://docs.aws.amazon.com/bedrock/latest/userguide/models-supported.html
// Cross-region inference profiles add a geography in front (us., eu., apac., global. ...).
const BEDROCK_ID =
  /^(?:(?:us|us-gov|eu|apac|jp|au|ca|global)\.)?(anthropic|mistral|cohere|openai|deepseek|meta|amazon|ai21|qwen|writer|moonshotai|google|minimax|nvidia)\.(.+)$/;
const BEDROCK_VERSION_TAIL = /-v\d+(?::\d+)?$|-\d+:\d+$|:\d+$/;

// Hub spellings (OpenRouter, Hugging Face) of catalog vendors.
const VENDOR_ALIASES: ReadonlyMap<string, CatalogVendor> = new Map([
  ['x-ai', 'xai'],
  ['mistralai', 'mistral'],
  ['deepseek-ai', 'deepseek'],
]);

function vendorOf(prefix: string): CatalogVendor | undefined {
  return isCatalogVendor(prefix) ? prefix : VENDOR_ALIASES.get(prefix);
}

/**
 * Normalises a model id for price lookup. Returns `undefined` for ids that must never take a
 * list price: empty ones and OpenAI fine-tunes (`ft:...`), which bill at their own rates.
 */
export function parseModelId(model: string): ParsedModelId | undefined {
  let id = model.trim().toLowerCase();
  if (id === '' || id.startsWith('ft:')) return undefined;

  // Bedrock ARNs end in ".../foundation-model/<id>" or ".../inference-profile/<id>".
  if (id.startsWith('arn:')) id = id.slice(id.lastIndexOf('/') + 1);
  // Gemini and Vertex resource names: "models/gemini-2.5-pro", ".../publishers/google/models/...".
  const resource = id.lastIndexOf('models/');
  if (resource >= 0) id = id.slice(resource + 'models/'.length);
  // Vertex pins Claude versions with "@": claude-sonnet-4-5@20250929.
  const at = id.indexOf('@');
  if (at > 0) id = id.slice(0, at);

  const bedrock = BEDROCK_ID.exec(id);
  if (bedrock?.[1] !== undefined && bedrock[2] !== undefined) {
    const rest = bedrock[2].replace(BEDROCK_VERSION_TAIL, '');
    const prefixVendor = vendorOf(bedrock[1]);
    return prefixVendor ? { full: rest, prefixVendor, rest } : { full: rest, rest };
  }

  const slash = id.indexOf('/');
  if (slash > 0) {
    const prefixVendor = vendorOf(id.slice(0, slash));
    if (prefixVendor) return { full: id, prefixVendor, rest: id.slice(slash + 1) };
  }
  return id === '' ? undefined : { full: id, rest: id };
}
