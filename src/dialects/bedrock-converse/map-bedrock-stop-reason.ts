import type { FinishReason } from '../../core/finish-reason.js';

// https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Converse.html#API_runtime_Converse_ResponseSyntax
const FROM_BEDROCK: Record<string, FinishReason['unified']> = {
  end_turn: 'stop',
  stop_sequence: 'stop',
  max_tokens: 'length',
  // The prompt and the answer filled the model's window: the answer was cut, as with max_tokens.
  model_context_window_exceeded: 'length',
  tool_use: 'tool-calls',
  guardrail_intervened: 'content-filter',
  content_filtered: 'content-filter',
  malformed_model_output: 'error',
  malformed_tool_use: 'error',
};

/** Converse `stopReason` -> canonical. Unknown words become `other`; `raw` keeps the word. */
export function mapBedrockStopReason(raw: string | undefined): FinishReason {
  if (raw === undefined) return { unified: 'other' };
  return { unified: Object.hasOwn(FROM_BEDROCK, raw) ? (FROM_BEDROCK[raw] ?? 'other') : 'other', raw };
}
