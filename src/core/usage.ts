/**
 * Token counts of one answer. Every field is optional: `undefined` means the provider
 * did not say, never zero. Cost and limits read `undefined` as "unknown" and flag it.
 */
export interface Usage {
  /** All input tokens, cached ones included (OpenAI's `prompt_tokens`). */
  inputTokens?: number;
  /** Output tokens, reasoning included (OpenAI's `completion_tokens`). */
  outputTokens?: number;
  /** Input tokens served from the provider's prompt cache; a subset of `inputTokens`. */
  cachedInputTokens?: number;
  /** Input tokens written to the provider's prompt cache; a subset of `inputTokens`. */
  cacheWriteInputTokens?: number;
  /** Output tokens spent on reasoning; a subset of `outputTokens`. */
  reasoningTokens?: number;
}

/** True when the provider reported both input and output counts. */
export function isUsageKnown(usage: Usage | undefined): boolean {
  return usage?.inputTokens !== undefined && usage.outputTokens !== undefined;
}

/** Adds two usages field by field; a field stays `undefined` only when both are. */
export function addUsage(left: Usage | undefined, right: Usage | undefined): Usage | undefined {
  if (!left) return right;
  if (!right) return left;
  const sum = (a?: number, b?: number) => (a === undefined ? b : b === undefined ? a : a + b);
  return {
    inputTokens: sum(left.inputTokens, right.inputTokens),
    outputTokens: sum(left.outputTokens, right.outputTokens),
    cachedInputTokens: sum(left.cachedInputTokens, right.cachedInputTokens),
    cacheWriteInputTokens: sum(left.cacheWriteInputTokens, right.cacheWriteInputTokens),
    reasoningTokens: sum(left.reasoningTokens, right.reasoningTokens),
  };
}

/** Input plus output tokens, for per-minute counts; undefined when neither was reported. */
export function totalTokens(usage: Usage | undefined): number | undefined {
  if (usage?.inputTokens === undefined && usage?.outputTokens === undefined) return undefined;
  return (usage.inputTokens ?? 0) + (usage.outputTokens ?? 0);
}
