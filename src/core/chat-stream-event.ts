import type { GatewayError } from './errors.js';
import type { FinishReason } from './finish-reason.js';
import type { Usage } from './usage.js';

/**
 * The canonical stream. Names are noun-verb; `end` closes every lifecycle. `index` on
 * text, reasoning and tool events is the choice index (0 unless `n` > 1); `toolIndex`
 * numbers tool calls within a choice.
 */
export type ChatStreamEvent =
  | { type: 'response-start'; id: string; model: string; createdAt: number }
  | { type: 'text-delta'; index: number; delta: string }
  | { type: 'reasoning-delta'; index: number; delta: string; signature?: string }
  | { type: 'tool-call-start'; index: number; toolIndex: number; toolCallId: string; toolName: string }
  | { type: 'tool-call-delta'; index: number; toolIndex: number; argumentsDelta: string }
  | { type: 'tool-call-end'; index: number; toolIndex: number }
  | { type: 'usage'; usage: Usage }
  | { type: 'choice-end'; index: number; finishReason: FinishReason }
  | { type: 'response-end' }
  /** Only after the commit point: the stream already reached the client. */
  | { type: 'error'; error: GatewayError };
