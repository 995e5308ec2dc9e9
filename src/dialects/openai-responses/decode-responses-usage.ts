import type { Usage } from '../../core/usage.js';

const count = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);

const record = (value: unknown): Record<string, unknown> | undefined =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;

/**
 * A Responses `usage` object (untrusted) -> canonical usage; undefined when it is not an
 * object with at least one count. Missing counts stay `undefined`, never 0.
 */
export function decodeResponsesUsage(raw: unknown): Usage | undefined {
  const usage = record(raw);
  if (!usage) return undefined;
  const inputDetails = record(usage.input_tokens_details);
  const outputDetails = record(usage.output_tokens_details);
  const decoded: Usage = {
    inputTokens: count(usage.input_tokens),
    outputTokens: count(usage.output_tokens),
    cachedInputTokens: count(inputDetails?.cached_tokens),
    cacheWriteInputTokens: count(inputDetails?.cache_write_tokens),
    reasoningTokens: count(outputDetails?.reasoning_tokens),
  };
  return Object.values(decoded).some((value) => value !== undefined) ? decoded : undefined;
}
