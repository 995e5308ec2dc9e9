import type { ContentPart } from '../../core/chat-request.js';
import type { ChatChoice, ChatResponse } from '../../core/chat-response.js';
import type { SurfaceResponseOptions } from '../surface.js';
import { readRedactedThinkingData } from './redacted-thinking-signature.js';
import { encodeAnthropicUsage, type AnthropicUsageWire } from './encode-anthropic-usage.js';
import { toAnthropicMessageId } from './to-anthropic-message-id.js';
import { toAnthropicStopReason, type AnthropicStopReason } from './to-anthropic-stop-reason.js';

/** One block of an answer's `content`, as the Messages API returns it. */
export type AnthropicResponseBlockWire =
  | { type: 'text'; text: string }
  | { type: 'thinking'; thinking: string; signature: string }
  | { type: 'redacted_thinking'; data: string }
  | { type: 'tool_use'; id: string; name: string; input: Record<string, unknown> };

/** A Messages API `message` object. */
export interface AnthropicMessageResponseWire {
  id: string;
  type: 'message';
  role: 'assistant';
  model: string;
  content: AnthropicResponseBlockWire[];
  stop_reason: AnthropicStopReason;
  /** Always null: the canonical finish reason does not say which sequence matched. */
  stop_sequence: null;
  usage: AnthropicUsageWire;
}

/**
 * Canonical response -> Anthropic `message`. Only choice 0 is written (Anthropic has no
 * `n`). Blocks keep their order; adjacent text parts merge into one block and empty
 * text is dropped, because Anthropic rejects empty text blocks when the client sends
 * the turn back. See SURFACE.md for reasoning and tool-input rules.
 */
export function encodeAnthropicMessagesResponse(response: ChatResponse, options: SurfaceResponseOptions): AnthropicMessageResponseWire {
  const choice = response.choices.find((candidate) => candidate.index === 0) ?? response.choices[0];
  const content = choice ? encodeContent(choice.content) : [];
  return {
    id: toAnthropicMessageId(options.responseId ?? response.id),
    type: 'message',
    role: 'assistant',
    model: options.model,
    content,
    stop_reason: choice ? encodeStopReason(choice, content) : 'end_turn',
    stop_sequence: null,
    usage: encodeAnthropicUsage(response.usage),
  };
}

function encodeStopReason(choice: ChatChoice, content: readonly AnthropicResponseBlockWire[]): AnthropicStopReason {
  return toAnthropicStopReason(choice.finishReason, content.some((block) => block.type === 'tool_use'));
}

function encodeContent(parts: readonly ContentPart[]): AnthropicResponseBlockWire[] {
  const blocks: AnthropicResponseBlockWire[] = [];
  for (const part of parts) {
    const last = blocks.at(-1);
    if (part.type === 'text') {
      if (part.text === '') continue;
      if (last?.type === 'text') last.text += part.text;
      else blocks.push({ type: 'text', text: part.text });
    } else if (part.type === 'reasoning') {
      const block = encodeReasoning(part.text, part.signature);
      if (block) blocks.push(block);
    } else if (part.type === 'tool-call') {
      blocks.push({ type: 'tool_use', id: part.toolCallId, name: part.toolName, input: parseToolInput(part.argumentsJson) });
    }
    // Images, files and tool results are request-side parts; no answer carries them.
  }
  return blocks;
}

/**
 * Redacted data (redacted-thinking-signature.ts) is `redacted_thinking`; anything else
 * with text or a signature is `thinking` (empty text with a signature is Anthropic's
 * `display: "omitted"`). Reasoning from other providers has no signature: `""`.
 */
function encodeReasoning(text: string, signature: string | undefined): AnthropicResponseBlockWire | undefined {
  const redacted = readRedactedThinkingData(signature);
  if (redacted !== undefined) return { type: 'redacted_thinking', data: redacted };
  if (text === '' && !signature) return undefined;
  return { type: 'thinking', thinking: text, signature: signature ?? '' };
}

/**
 * `input` must be an object. Arguments that are not a JSON object (a model that wrote
 * broken JSON, or an answer cut short by the token limit) become `{}`: the client then
 * reports a tool-input validation error to the model instead of failing to parse.
 */
function parseToolInput(argumentsJson: string): Record<string, unknown> {
  if (argumentsJson.trim() === '') return {};
  try {
    const value: unknown = JSON.parse(argumentsJson);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
