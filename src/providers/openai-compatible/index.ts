import type { ProviderType } from '../../config/index.js';
import type { ProviderAdapter } from '../provider.js';
import type { DialectQuirks } from '../../dialects/with-dialect-quirks.js';
import { createOpenAIStyleAdapter } from './create-openai-style-adapter.js';
import { deepseekQuirks } from './deepseek-quirks.js';
import { groqQuirks } from './groq-quirks.js';
import { vllmQuirks } from './vllm-quirks.js';
import { xaiQuirks } from './xai-quirks.js';

export { bearerHeaders, createOpenAIStyleAdapter } from './create-openai-style-adapter.js';

/**
 * Vendors that speak OpenAI's API, with their documented default base URLs. Local
 * servers default to their usual loopback port.
 */
const VENDOR_BASE_URLS: Partial<Record<ProviderType, string>> = {
  groq: 'https://api.groq.com/openai/v1',
  together: 'https://api.together.xyz/v1',
  fireworks: 'https://api.fireworks.ai/inference/v1',
  deepseek: 'https://api.deepseek.com/v1',
  xai: 'https://api.x.ai/v1',
  openrouter: 'https://openrouter.ai/api/v1',
  perplexity: 'https://api.perplexity.ai',
  ollama: 'http://127.0.0.1:11434/v1',
  vllm: 'http://127.0.0.1:8000/v1',
  lmstudio: 'http://127.0.0.1:1234/v1',
};

/** Vendors that sell their own models at catalog prices; the others resell or run locally. */
const PRICE_VENDORS: Partial<Record<ProviderType, string>> = { groq: 'groq', deepseek: 'deepseek', xai: 'xai' };

/** Where a vendor departs from OpenAI's API: small pure functions, each with its why. */
const VENDOR_QUIRKS: Partial<Record<ProviderType, DialectQuirks>> = { deepseek: deepseekQuirks, groq: groqQuirks, xai: xaiQuirks, vllm: vllmQuirks };

/** `openai-compatible` itself (base_url required by config) and every vendor shorthand. */
export const openaiCompatibleAdapters: ProviderAdapter[] = [
  createOpenAIStyleAdapter('openai-compatible', undefined),
  ...Object.entries(VENDOR_BASE_URLS).map(([type, url]) => createOpenAIStyleAdapter(type as ProviderType, url, PRICE_VENDORS[type as ProviderType], VENDOR_QUIRKS[type as ProviderType])),
];
