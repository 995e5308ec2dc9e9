import type { Usage } from '../../core/usage.js';
import { isRecord } from '../_shared/is-record.js';

/**
 * OpenAI `usage` -> canonical. Takes the raw value (validated here, so passthrough taps
 * can call it without a schema pass per chunk). A count the provider did not send and
 * that `total_tokens` does not imply stays absent, never 0; `undefined` when the value
 * held no count at all.
 */
export function decodeOpenAIUsage(wire: unknown): Usage | undefined {
  if (!isRecord(wire)) return undefined;
  const usage: Usage = {};
  const promptDetails = isRecord(wire.prompt_tokens_details) ? wire.prompt_tokens_details : {};
  const completionDetails = isRecord(wire.completion_tokens_details) ? wire.completion_tokens_details : {};
  setCount(usage, 'inputTokens', wire.prompt_tokens);
  setCount(usage, 'outputTokens', wire.completion_tokens);
  setCount(usage, 'cachedInputTokens', promptDetails.cached_tokens);
  setCount(usage, 'cacheWriteInputTokens', promptDetails.cache_write_tokens);
  setCount(usage, 'reasoningTokens', completionDetails.reasoning_tokens);
  // A side left out but implied by `total_tokens` is known, not guessed: embeddings
  // report only prompt and total, which says zero output.
  if (typeof wire.total_tokens === 'number') {
    if (usage.outputTokens === undefined && usage.inputTokens !== undefined) setCount(usage, 'outputTokens', wire.total_tokens - usage.inputTokens);
    if (usage.inputTokens === undefined && usage.outputTokens !== undefined) setCount(usage, 'inputTokens', wire.total_tokens - usage.outputTokens);
  }
  return Object.keys(usage).length === 0 ? undefined : usage;
}

function setCount(usage: Usage, key: keyof Usage, value: unknown): void {
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0) usage[key] = value;
}

