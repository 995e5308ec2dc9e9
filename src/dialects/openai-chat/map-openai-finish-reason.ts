import type { FinishReason } from '../../core/finish-reason.js';

const FROM_OPENAI: Record<string, FinishReason['unified']> = {
  stop: 'stop',
  length: 'length',
  tool_calls: 'tool-calls',
  // Deprecated `functions` API; the model still asked for a call.
  function_call: 'tool-calls',
  content_filter: 'content-filter',
  // Mistral's extra words: the model's context window ran out, or generation failed.
  // https://docs.mistral.ai/api/#tag/chat/operation/chat_completion_v1_chat_completions_post
  model_length: 'length',
  error: 'error',
};

const TO_OPENAI: Record<FinishReason['unified'], string> = {
  stop: 'stop',
  length: 'length',
  'tool-calls': 'tool_calls',
  'content-filter': 'content_filter',
  // OpenAI has no word for these; clients (and the official SDKs' types) expect one of
  // the five documented values, and `stop` is the one that makes no false claim.
  error: 'stop',
  other: 'stop',
};

/** OpenAI `finish_reason` -> canonical. Unknown words become `other`; `raw` keeps the word. */
export function mapOpenAIFinishReason(raw: string | null | undefined): FinishReason {
  if (raw === null || raw === undefined) return { unified: 'other' };
  return { unified: Object.hasOwn(FROM_OPENAI, raw) ? (FROM_OPENAI[raw] ?? 'other') : 'other', raw };
}

/** Canonical -> OpenAI `finish_reason`. */
export function toOpenAIFinishReason(reason: FinishReason): string {
  return TO_OPENAI[reason.unified];
}

/**
 * OpenAI answers a forced tool choice (`tool_choice: {function}`) with the call and
 * `finish_reason: "stop"`; callers looping on tool calls (Anthropic's `tool_use`) need to
 * know the turn ended in calls. The provider's word is kept in `raw`.
 */
export function finishWithTools(reason: FinishReason, hasToolCalls: boolean): FinishReason {
  return hasToolCalls && reason.unified === 'stop' ? { ...reason, unified: 'tool-calls' } : reason;
}
