import type { ChatMessage, ContentPart } from '../../core/chat-request.js';
import { GatewayError } from '../../core/errors.js';
import type { Warning } from '../../core/warning.js';
import { addUnsupportedWarning } from '../_shared/add-unsupported-warning.js';
import { encodeAnthropicContentPart } from './encode-anthropic-content-part.js';
import { readRedactedThinkingData } from './redacted-thinking-signature.js';

type WireBlock = Record<string, unknown>;

interface WireMessage {
  role: 'user' | 'assistant';
  content: WireBlock[];
}

/** Canonical messages in Anthropic's shape: the system prompt apart, turns alternating. */
export interface EncodedAnthropicMessages {
  /** Top-level `system` text blocks; undefined when the request has no system text. */
  system?: WireBlock[];
  messages: WireMessage[];
}

/**
 * Canonical messages -> Anthropic `system` + `messages`.
 * - System messages become the top-level `system`; one that came after the conversation
 *   started is moved there too, with a warning, since Anthropic has no mid-conversation
 *   system turn.
 * - Tool messages become user turns of `tool_result` blocks, and consecutive turns of the
 *   same role are merged: Anthropic requires user and assistant to alternate, and
 *   requires the tool results answering a turn to open the next user turn.
 * - Assistant reasoning goes back as `thinking` (with its signature) or
 *   `redacted_thinking` blocks, which Anthropic needs to continue a thinking turn that
 *   called tools.
 * - An assistant tool call whose `argumentsJson` is not a JSON object is a 400 naming it.
 */
export function encodeAnthropicMessages(messages: readonly ChatMessage[], warnings: Warning[]): EncodedAnthropicMessages {
  const system: WireBlock[] = [];
  const encoded: WireMessage[] = [];
  messages.forEach((message, index) => {
    if (message.name !== undefined) addUnsupportedWarning(warnings, 'name', 'Anthropic messages have no participant name; it was not sent');
    if (message.role === 'system') {
      if (encoded.length > 0) {
        addUnsupportedWarning(warnings, 'system-position', 'Anthropic has one system prompt; later system messages were appended to it');
      }
      system.push(...encodeSystem(message.content, warnings));
      return;
    }
    const role = message.role === 'assistant' ? 'assistant' : 'user';
    const content =
      message.role === 'assistant' ? encodeAssistant(message.content, index, warnings) : encodeUser(message.content, message.role, warnings);
    if (content.length === 0) return;
    const previous = encoded.at(-1);
    if (previous?.role === role) previous.content.push(...content);
    else encoded.push({ role, content });
  });
  for (const message of encoded) if (message.role === 'user') moveToolResultsFirst(message);
  return system.length > 0 ? { system, messages: encoded } : { messages: encoded };
}

function encodeSystem(parts: readonly ContentPart[], warnings: Warning[]): WireBlock[] {
  const blocks: WireBlock[] = [];
  for (const part of parts) {
    if (part.type === 'text') {
      if (part.text !== '') blocks.push({ type: 'text', text: part.text });
    } else addUnsupportedWarning(warnings, `system-${part.type}`, `the Anthropic system prompt carries only text; ${part.type} parts were dropped`);
  }
  return blocks;
}

function encodeUser(parts: readonly ContentPart[], role: 'user' | 'tool', warnings: Warning[]): WireBlock[] {
  const blocks: WireBlock[] = [];
  for (const part of parts) {
    if (part.type === 'tool-result') blocks.push(encodeToolResult(part, warnings));
    else if (role === 'tool') addUnsupportedWarning(warnings, 'tool-message-content', 'tool messages carry only tool results; other parts were dropped');
    else {
      const block = encodeAnthropicContentPart(part, 'user', warnings);
      if (block) blocks.push(block);
    }
  }
  return blocks;
}

function encodeToolResult(part: Extract<ContentPart, { type: 'tool-result' }>, warnings: Warning[]): WireBlock {
  const block: WireBlock = { type: 'tool_result', tool_use_id: part.toolCallId };
  if (typeof part.content === 'string') block.content = part.content;
  else {
    const inner: WireBlock[] = [];
    for (const item of part.content) {
      const encoded = encodeAnthropicContentPart(item, 'tool-result', warnings);
      if (encoded) inner.push(encoded);
    }
    if (inner.length > 0) block.content = inner;
  }
  if (part.isError) block.is_error = true;
  return block;
}

function encodeAssistant(parts: readonly ContentPart[], messageIndex: number, warnings: Warning[]): WireBlock[] {
  const blocks: WireBlock[] = [];
  parts.forEach((part, partIndex) => {
    switch (part.type) {
      case 'text':
        if (part.text !== '') blocks.push({ type: 'text', text: part.text });
        return;
      case 'tool-call': {
        const param = `messages[${messageIndex}].content[${partIndex}].argumentsJson`;
        blocks.push({ type: 'tool_use', id: part.toolCallId, name: part.toolName, input: parseArguments(part.argumentsJson, param) });
        return;
      }
      case 'reasoning': {
        const block = encodeReasoning(part, warnings);
        if (block) blocks.push(block);
        return;
      }
      default:
        addUnsupportedWarning(warnings, `assistant-${part.type}`, `Anthropic assistant turns cannot carry ${part.type} parts; they were dropped`);
    }
  });
  return blocks;
}

function encodeReasoning(part: Extract<ContentPart, { type: 'reasoning' }>, warnings: Warning[]): WireBlock | undefined {
  const redacted = readRedactedThinkingData(part.signature);
  if (redacted !== undefined) return { type: 'redacted_thinking', data: redacted };
  if (part.signature === undefined || part.signature === '') {
    // Anthropic verifies the signature of every thinking block it is sent back.
    addUnsupportedWarning(warnings, 'reasoning', 'reasoning without an Anthropic signature cannot be sent back; it was dropped');
    return undefined;
  }
  return { type: 'thinking', thinking: part.text, signature: part.signature };
}

function parseArguments(argumentsJson: string, param: string): Record<string, unknown> {
  if (argumentsJson.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(argumentsJson);
  } catch {
    throw new GatewayError('GW_INVALID_REQUEST', `${param}: tool call arguments are not valid JSON`, { param });
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new GatewayError('GW_INVALID_REQUEST', `${param}: tool call arguments must be a JSON object`, { param });
  }
  return parsed as Record<string, unknown>;
}

function moveToolResultsFirst(message: WireMessage): void {
  const results = message.content.filter((block) => block.type === 'tool_result');
  if (results.length === 0 || results.length === message.content.length) return;
  message.content = [...results, ...message.content.filter((block) => block.type !== 'tool_result')];
}
