import type { FinishReason } from '../../core/finish-reason.js';

// https://docs.anthropic.com/en/api/handling-stop-reasons
const FROM_ANTHROPIC: Record<string, FinishReason['unified']> = {
  end_turn: 'stop',
  stop_sequence: 'stop',
  max_tokens: 'length',
  // The answer was cut by the context window rather than by max_tokens: still a truncation.
  model_context_window_exceeded: 'length',
  tool_use: 'tool-calls',
  refusal: 'content-filter',
};

/**
 * Anthropic `stop_reason` -> canonical. Unknown words (`pause_turn`, values added later)
 * become `other`; `raw` keeps the word.
 */
export function mapAnthropicStopReason(raw: string | null | undefined): FinishReason {
  if (raw === null || raw === undefined) return { unified: 'other' };
  return { unified: Object.hasOwn(FROM_ANTHROPIC, raw) ? (FROM_ANTHROPIC[raw] ?? 'other') : 'other', raw };
}
