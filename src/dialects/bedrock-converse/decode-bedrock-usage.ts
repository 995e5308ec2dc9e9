import type { Usage } from '../../core/usage.js';

/**
 * Converse `usage` (response body or the stream's `metadata` event) -> canonical. Bedrock
 * counts `inputTokens` without the cache: `cacheReadInputTokens` and
 * `cacheWriteInputTokens` are reported beside it and `totalTokens` is the sum of all four
 * (https://docs.aws.amazon.com/bedrock/latest/userguide/prompt-caching.html). Canonical
 * `inputTokens` is every input token, so the three are added; with no `inputTokens` the
 * total stays unknown. Reasoning is not broken out of `outputTokens` by Bedrock.
 * Returns `undefined` when the value holds no count.
 */
export function decodeBedrockUsage(wire: unknown): Usage | undefined {
  if (typeof wire !== 'object' || wire === null || Array.isArray(wire)) return undefined;
  const record = wire as Record<string, unknown>;
  const usage: Usage = {};
  const uncached = count(record.inputTokens);
  const cacheRead = count(record.cacheReadInputTokens);
  const cacheWrite = count(record.cacheWriteInputTokens);
  if (uncached !== undefined) usage.inputTokens = uncached + (cacheRead ?? 0) + (cacheWrite ?? 0);
  const output = count(record.outputTokens);
  if (output !== undefined) usage.outputTokens = output;
  if (cacheRead !== undefined) usage.cachedInputTokens = cacheRead;
  if (cacheWrite !== undefined) usage.cacheWriteInputTokens = cacheWrite;
  return Object.keys(usage).length === 0 ? undefined : usage;
}

function count(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}
