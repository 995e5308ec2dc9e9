import type { Usage } from '../../core/usage.js';

/**
 * Canonical -> OpenAI `usage`. Only known counts are written: `total_tokens` needs both
 * sides, details appear only when their count is known, and nothing known gives
 * `undefined` so the caller can omit the field instead of reporting zeros.
 */
export function encodeOpenAIUsage(usage: Usage | undefined): Record<string, unknown> | undefined {
  if (!usage) return undefined;
  const wire: Record<string, unknown> = {};
  if (usage.inputTokens !== undefined) wire.prompt_tokens = usage.inputTokens;
  if (usage.outputTokens !== undefined) wire.completion_tokens = usage.outputTokens;
  if (usage.inputTokens !== undefined && usage.outputTokens !== undefined) {
    wire.total_tokens = usage.inputTokens + usage.outputTokens;
  }
  const promptDetails: Record<string, number> = {};
  if (usage.cachedInputTokens !== undefined) promptDetails.cached_tokens = usage.cachedInputTokens;
  if (usage.cacheWriteInputTokens !== undefined) promptDetails.cache_write_tokens = usage.cacheWriteInputTokens;
  if (Object.keys(promptDetails).length > 0) wire.prompt_tokens_details = promptDetails;
  if (usage.reasoningTokens !== undefined) wire.completion_tokens_details = { reasoning_tokens: usage.reasoningTokens };
  return Object.keys(wire).length === 0 ? undefined : wire;
}
