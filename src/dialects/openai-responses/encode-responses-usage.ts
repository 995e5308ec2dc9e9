import type { Usage } from '../../core/usage.js';

/**
 * Canonical usage -> the Responses `usage` object, or `null` when the input or output
 * count is unknown: clients parse `input_tokens`, `output_tokens` and `total_tokens` as
 * required numbers (the Codex CLI fails the whole event otherwise), so a partial object
 * would do more harm than none. The detail objects are required by the wire format too
 * (the Python Agents SDK reads `input_tokens_details.cached_tokens` unguarded), so an
 * unreported cached or reasoning count is written as 0 there: the wire has no way to say
 * "unknown", and the gateway's own accounting keeps it `undefined`.
 */
export function encodeResponsesUsage(usage: Usage | undefined): Record<string, unknown> | null {
  if (usage?.inputTokens === undefined || usage.outputTokens === undefined) return null;
  const inputDetails: Record<string, number> = { cached_tokens: usage.cachedInputTokens ?? 0 };
  if (usage.cacheWriteInputTokens !== undefined) inputDetails.cache_write_tokens = usage.cacheWriteInputTokens;
  return {
    input_tokens: usage.inputTokens,
    input_tokens_details: inputDetails,
    output_tokens: usage.outputTokens,
    output_tokens_details: { reasoning_tokens: usage.reasoningTokens ?? 0 },
    total_tokens: usage.inputTokens + usage.outputTokens,
  };
}
