/** Vendors that speak OpenAI's chat API; each is `openai-compatible` with its own default base URL. */
export const OPENAI_COMPATIBLE_VENDORS = [
  'groq', 'together', 'fireworks', 'deepseek', 'xai', 'openrouter', 'perplexity', 'ollama', 'vllm', 'lmstudio',
] as const;

/** Every provider `type` a config may name (CONTRACT.md section 2). */
export const PROVIDER_TYPES = [
  'openai', 'azure-openai', 'anthropic', 'gemini', 'vertex', 'bedrock', 'mistral', 'cohere',
  'openai-compatible', ...OPENAI_COMPATIBLE_VENDORS, 'mock',
] as const;

export type ProviderType = (typeof PROVIDER_TYPES)[number];

export function isProviderType(value: unknown): value is ProviderType {
  return typeof value === 'string' && (PROVIDER_TYPES as readonly string[]).includes(value);
}
