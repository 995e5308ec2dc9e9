import type { ProviderType } from '../config/index.js';
import { anthropicAdapter } from './anthropic/index.js';
import { azureOpenAIAdapter } from './azure-openai/index.js';
import { bedrockAdapter } from './bedrock/index.js';
import { mockAdapter } from './mock/index.js';
import { openaiCompatibleAdapters } from './openai-compatible/index.js';
import { openaiAdapter } from './openai/index.js';
import type { ProviderAdapter } from './provider.js';

/** Types the config accepts whose translation arrives with issue #3. */
const PENDING_TYPES: [ProviderType, string | undefined][] = [
  ['gemini', 'google'], ['vertex', undefined], ['mistral', 'mistral'], ['cohere', 'cohere'],
];

export type ProviderRegistry = ReadonlyMap<ProviderType, ProviderAdapter>;

/** The explicit list of provider types this build serves: type -> adapter. */
export function createProviderRegistry(): ProviderRegistry {
  const adapters: ProviderAdapter[] = [
    openaiAdapter,
    anthropicAdapter,
    bedrockAdapter,
    azureOpenAIAdapter,
    ...openaiCompatibleAdapters,
    mockAdapter,
    ...PENDING_TYPES.map(([type, priceVendor]) => ({ type, priceVendor, notImplemented: `provider type "${type}" is not implemented yet` })),
  ];
  return new Map(adapters.map((adapter) => [adapter.type, adapter]));
}
