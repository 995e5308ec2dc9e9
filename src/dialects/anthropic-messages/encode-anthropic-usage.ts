import type { Usage } from '../../core/usage.js';

/** The `usage` object of a Messages API `message` (and of `message_start`). */
export interface AnthropicUsageWire {
  /** Input tokens that were neither read from nor written to the prompt cache. */
  input_tokens: number;
  output_tokens: number;
  cache_creation_input_tokens: number | null;
  cache_read_input_tokens: number | null;
  output_tokens_details?: { thinking_tokens: number };
}

/**
 * Canonical -> Anthropic usage. Anthropic counts cached input apart from `input_tokens`
 * (total input = input + cache read + cache write), while canonical `inputTokens`
 * includes both, so they are subtracted. `input_tokens` and `output_tokens` are
 * required numbers in this shape: unknown counts are written as 0 here, at the edge,
 * and nowhere else. The cache counts are nullable on the wire and stay `null` when
 * unknown. A negative difference (an upstream reporting more cached tokens than input)
 * is written as 0 rather than a count no client can read.
 */
export function encodeAnthropicUsage(usage: Usage | undefined): AnthropicUsageWire {
  const wire: AnthropicUsageWire = {
    input_tokens: uncachedInputTokens(usage) ?? 0,
    output_tokens: usage?.outputTokens ?? 0,
    cache_creation_input_tokens: usage?.cacheWriteInputTokens ?? null,
    cache_read_input_tokens: usage?.cachedInputTokens ?? null,
  };
  if (usage?.reasoningTokens !== undefined) wire.output_tokens_details = { thinking_tokens: usage.reasoningTokens };
  return wire;
}

/** The `usage` of a `message_delta` event: cumulative counts, unknown ones omitted. */
export interface AnthropicDeltaUsageWire {
  output_tokens: number;
  input_tokens?: number;
  cache_creation_input_tokens?: number;
  cache_read_input_tokens?: number;
  output_tokens_details?: { thinking_tokens: number };
}

/**
 * Canonical -> `message_delta` usage. Anthropic's clients overwrite their totals with
 * every count present here and keep the `message_start` value for the others, so only
 * known counts are written; `output_tokens` is required and is 0 when unknown.
 */
export function encodeAnthropicDeltaUsage(usage: Usage | undefined): AnthropicDeltaUsageWire {
  const wire: AnthropicDeltaUsageWire = { output_tokens: usage?.outputTokens ?? 0 };
  const input = uncachedInputTokens(usage);
  if (input !== undefined) wire.input_tokens = input;
  if (usage?.cacheWriteInputTokens !== undefined) wire.cache_creation_input_tokens = usage.cacheWriteInputTokens;
  if (usage?.cachedInputTokens !== undefined) wire.cache_read_input_tokens = usage.cachedInputTokens;
  if (usage?.reasoningTokens !== undefined) wire.output_tokens_details = { thinking_tokens: usage.reasoningTokens };
  return wire;
}

/** `inputTokens` minus the cache reads and writes it includes; undefined when unknown. */
function uncachedInputTokens(usage: Usage | undefined): number | undefined {
  if (usage?.inputTokens === undefined) return undefined;
  return Math.max(0, usage.inputTokens - (usage.cachedInputTokens ?? 0) - (usage.cacheWriteInputTokens ?? 0));
}
