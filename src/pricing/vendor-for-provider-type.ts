import type { CatalogVendor } from './catalog-vendor.js';

/** Provider types the gateway ships adapters for. */
export type KnownProviderType =
  | 'openai'
  | 'azure-openai'
  | 'anthropic'
  | 'gemini'
  | 'vertex'
  | 'bedrock'
  | 'mistral'
  | 'cohere'
  | 'groq'
  | 'deepseek'
  | 'xai'
  | 'together'
  | 'fireworks'
  | 'openrouter'
  | 'perplexity'
  | 'ollama'
  | 'vllm'
  | 'lmstudio'
  | 'openai-compatible'
  | 'mock';

// undefined means "no vendor price list applies to this provider as such":
// - vertex and bedrock host several makers, so the model id (claude-..., gemini-...) decides;
// - together, fireworks, openrouter and perplexity set their own prices, which the catalog
//   does not carry; lookups by model name still price first-party models such as
//   anthropic/claude-sonnet-4.5 on OpenRouter, and configured overrides cover the rest;
// - ollama, vllm, lmstudio, openai-compatible and mock have no list price at all.
// Azure OpenAI global deployments bill at OpenAI's list prices; regional and data-zone
// deployments cost more and need an override.
const VENDOR_BY_PROVIDER_TYPE: Readonly<Record<KnownProviderType, CatalogVendor | undefined>> = {
  openai: 'openai',
  'azure-openai': 'openai',
  anthropic: 'anthropic',
  gemini: 'google',
  vertex: undefined,
  bedrock: undefined,
  mistral: 'mistral',
  cohere: 'cohere',
  groq: 'groq',
  deepseek: 'deepseek',
  xai: 'xai',
  together: undefined,
  fireworks: undefined,
  openrouter: undefined,
  perplexity: undefined,
  ollama: undefined,
  vllm: undefined,
  lmstudio: undefined,
  'openai-compatible': undefined,
  mock: undefined,
};

/** Catalog vendor whose list prices a provider of this type bills at; `undefined` for unknown types. */
export function vendorForProviderType(providerType: string): CatalogVendor | undefined {
  return Object.hasOwn(VENDOR_BY_PROVIDER_TYPE, providerType)
    ? VENDOR_BY_PROVIDER_TYPE[providerType as KnownProviderType]
    : undefined;
}
