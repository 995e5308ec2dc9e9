import type { TokenEstimate } from './strategy-inputs.js';

/** Output tokens assumed when the request sets no maximum. */
export const ASSUMED_OUTPUT_TOKENS = 256;
/** About four characters of English per token (OpenAI's rule of thumb); good enough to rank prices. */
const CHARS_PER_TOKEN = 4;

function maximum(body: Record<string, unknown>): number | undefined {
  for (const field of ['max_tokens', 'max_completion_tokens', 'max_output_tokens']) {
    const value = body[field];
    if (typeof value === 'number' && Number.isFinite(value) && value > 0) return value;
  }
  return undefined;
}

/**
 * A request's size for `lowest-cost`: input from the serialized body (characters / 4, so
 * tool schemas and images count too, roughly), output from the caller's maximum
 * (`max_tokens`, `max_completion_tokens`, `max_output_tokens`) or ASSUMED_OUTPUT_TOKENS.
 */
export function estimateRequestTokens(body: Record<string, unknown>): TokenEstimate {
  return { inputTokens: Math.ceil(JSON.stringify(body).length / CHARS_PER_TOKEN), outputTokens: maximum(body) ?? ASSUMED_OUTPUT_TOKENS };
}
