import type { FinishReason } from '../../core/finish-reason.js';

/** The `stop_reason` words clients of the Messages API know. */
export type AnthropicStopReason =
  | 'end_turn'
  | 'max_tokens'
  | 'stop_sequence'
  | 'tool_use'
  | 'pause_turn'
  | 'refusal'
  | 'model_context_window_exceeded';

/**
 * Canonical finish reason -> Anthropic `stop_reason`. The raw word survives where it is
 * Anthropic's own and agrees with the unified value (a Claude answer that came back
 * through another dialect): `stop_sequence`, `model_context_window_exceeded`.
 * `error` and `other` have no Anthropic word and read as `end_turn`, the only value
 * clients treat as "the turn is over, nothing to do".
 *
 * `hasToolCalls`: some OpenAI-compatible servers finish a tool-calling turn with `stop`,
 * but Anthropic clients run tools when `stop_reason` is `tool_use`, so a turn that ends
 * with tool calls says so whatever the upstream word was, unless it was cut short
 * (`length`), filtered or failed.
 */
export function toAnthropicStopReason(reason: FinishReason, hasToolCalls = false): AnthropicStopReason {
  if (hasToolCalls && (reason.unified === 'stop' || reason.unified === 'other')) return 'tool_use';
  switch (reason.unified) {
    case 'stop':
      return reason.raw === 'stop_sequence' ? 'stop_sequence' : 'end_turn';
    case 'length':
      return reason.raw === 'model_context_window_exceeded' ? 'model_context_window_exceeded' : 'max_tokens';
    case 'tool-calls':
      return 'tool_use';
    case 'content-filter':
      return 'refusal';
    case 'error':
    case 'other':
      return 'end_turn';
  }
}
