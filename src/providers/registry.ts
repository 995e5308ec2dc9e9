import type { ProviderType } from '../config/index.js';
import { anthropicAdapter } from './anthropic/index.js';
import { azureOpenAIAdapter } from './azure-openai/index.js';
import { bedrockAdapter } from './bedrock/index.js';
import { cohereAdapter } from './cohere/index.js';
import { geminiAdapter } from './gemini/index.js';
import { mistralAdapter } from './mistral/index.js';
import { mockAdapter } from './mock/index.js';
import { openaiCompatibleAdapters } from './openai-compatible/index.js';
import { openaiAdapter } from './openai/index.js';
import { vertexAdapter } from './vertex/index.js';
import type { ProviderAdapter } from './provider.js';

export type ProviderRegistry = ReadonlyMap<ProviderType, ProviderAdapter>;

/** The explicit list of provider types this build serves: type -> adapter. */
export function createProviderRegistry(): ProviderRegistry {
  const adapters: ProviderAdapter[] = [
    openaiAdapter,
    anthropicAdapter,
    bedrockAdapter,
    geminiAdapter,
    vertexAdapter,
    mistralAdapter,
    cohereAdapter,
    azureOpenAIAdapter,
    ...openaiCompatibleAdapters,
    mockAdapter,
  ];
  return new Map(adapters.map((adapter) => [adapter.type, adapter]));
}
