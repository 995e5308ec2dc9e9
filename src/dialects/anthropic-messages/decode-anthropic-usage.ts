import type { Usage } from '../../core/usage.js';
import { isRecord } from '../_shared/is-record.js';

const COUNT_FIELDS = ['input_tokens', 'output_tokens', 'cache_creation_input_tokens', 'cache_read_input_tokens'] as const;

/**
 * Anthropic `usage` -> canonical. Anthropic's `input_tokens` excludes the prompt-cache
 * reads and writes ("total input tokens is the summation of input_tokens,
 * cache_creation_input_tokens and cache_read_input_tokens"), while canonical
 * `inputTokens` includes them. Takes the raw value (validated here, so the passthrough
 * tap can call it without a schema pass); a count not sent stays absent, never 0, and
 * `undefined` comes back when the value held no count at all.
 */
export function decodeAnthropicUsage(wire: unknown): Usage | undefined {
  if (!isRecord(wire)) return undefined;
  const input = readCount(wire.input_tokens);
  const cacheRead = readCount(wire.cache_read_input_tokens);
  const cacheWrite = readCount(wire.cache_creation_input_tokens);
  const usage: Usage = {};
  if (input !== undefined) usage.inputTokens = input + (cacheRead ?? 0) + (cacheWrite ?? 0);
  const output = readCount(wire.output_tokens);
  if (output !== undefined) usage.outputTokens = output;
  if (cacheRead !== undefined) usage.cachedInputTokens = cacheRead;
  if (cacheWrite !== undefined) usage.cacheWriteInputTokens = cacheWrite;
  const details = isRecord(wire.output_tokens_details) ? wire.output_tokens_details : {};
  const thinking = readCount(details.thinking_tokens);
  if (thinking !== undefined) usage.reasoningTokens = thinking;
  return Object.keys(usage).length === 0 ? undefined : usage;
}

/**
 * A stream's usage: `message_start` reports the input side (and an early output count),
 * `message_delta` the final output count and, on newer API versions, cumulative input
 * counts. A count the delta carries wins; the others come from the start.
 */
export function mergeAnthropicUsage(start: unknown, delta: unknown): Record<string, unknown> | undefined {
  if (!isRecord(delta)) return isRecord(start) ? start : undefined;
  if (!isRecord(start)) return delta;
  const merged: Record<string, unknown> = { ...start };
  for (const field of COUNT_FIELDS) if (readCount(delta[field]) !== undefined) merged[field] = delta[field];
  if (isRecord(delta.output_tokens_details)) merged.output_tokens_details = delta.output_tokens_details;
  return merged;
}

function readCount(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}

