import type { ProviderType } from '../config/index.js';
import { OPENAI_COMPATIBLE_VENDORS } from '../config/index.js';
import type { ProviderAdapter } from './provider.js';

type Loader = () => Promise<ProviderAdapter>;

async function openaiCompatible(type: ProviderType): Promise<ProviderAdapter> {
  const { openaiCompatibleAdapters } = await import('./openai-compatible/index.js');
  const adapter = openaiCompatibleAdapters.find((candidate) => candidate.type === type);
  if (!adapter) throw new Error(`no openai-compatible adapter for "${type}"`);
  return adapter;
}

/**
 * The explicit list of provider types this build serves. Each adapter, with its dialect
 * code and schemas, is imported the first time a config uses the type: a gateway that
 * only talks to OpenAI-style servers never loads Bedrock's or Gemini's (~17 MiB less).
 */
const LOADERS: Record<ProviderType, Loader> = {
  openai: async () => (await import('./openai/index.js')).openaiAdapter,
  'azure-openai': async () => (await import('./azure-openai/index.js')).azureOpenAIAdapter,
  anthropic: async () => (await import('./anthropic/index.js')).anthropicAdapter,
  gemini: async () => (await import('./gemini/index.js')).geminiAdapter,
  vertex: async () => (await import('./vertex/index.js')).vertexAdapter,
  bedrock: async () => (await import('./bedrock/index.js')).bedrockAdapter,
  mistral: async () => (await import('./mistral/index.js')).mistralAdapter,
  cohere: async () => (await import('./cohere/index.js')).cohereAdapter,
  mock: async () => (await import('./mock/index.js')).mockAdapter,
  'openai-compatible': () => openaiCompatible('openai-compatible'),
  ...(Object.fromEntries(OPENAI_COMPATIBLE_VENDORS.map((vendor) => [vendor, () => openaiCompatible(vendor)])) as Record<
    (typeof OPENAI_COMPATIBLE_VENDORS)[number],
    Loader
  >),
};

/** Provider adapters by type, loaded on first use. */
export interface ProviderRegistry {
  /** The adapter if it is loaded already (the hot path: no promise). */
  get(type: ProviderType): ProviderAdapter | undefined;
  /** Loads the adapter of a type (once); undefined for a type this build does not know. */
  load(type: ProviderType): Promise<ProviderAdapter | undefined>;
}

export function createProviderRegistry(): ProviderRegistry {
  const loaded = new Map<ProviderType, ProviderAdapter>();
  const loading = new Map<ProviderType, Promise<ProviderAdapter | undefined>>();
  return {
    get: (type) => loaded.get(type),
    load(type) {
      const cached = loaded.get(type);
      if (cached) return Promise.resolve(cached);
      if (!Object.hasOwn(LOADERS, type)) return Promise.resolve(undefined);
      let pending = loading.get(type);
      if (!pending) {
        pending = LOADERS[type]().then((adapter) => {
          loaded.set(type, adapter);
          return adapter;
        });
        pending.catch(() => loading.delete(type));
        loading.set(type, pending);
      }
      return pending;
    },
  };
}
