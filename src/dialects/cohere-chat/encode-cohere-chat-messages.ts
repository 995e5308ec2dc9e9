import type { ChatMessage, ContentPart, MediaSource } from '../../core/chat-request.js';
import type { Warning } from '../../core/warning.js';
import { addUnsupportedWarning } from '../_shared/add-unsupported-warning.js';

type WireMessage = Record<string, unknown>;
type WirePart = Record<string, unknown>;
type ToolResultPart = Extract<ContentPart, { type: 'tool-result' }>;

/**
 * Canonical messages -> Cohere v2 `messages`. Tool results become `tool` messages
 * wherever they sit (Anthropic-style requests carry them in user turns), placed before
 * the rest of that turn. Users may send text and images (`image_url`, base64 as a data
 * URL); system and tool messages carry text only. Parts Cohere cannot carry are dropped
 * with a warning. Message formats: https://docs.cohere.com/reference/chat.
 */
export function encodeCohereChatMessages(messages: readonly ChatMessage[], warnings: Warning[]): WireMessage[] {
  const encoded: WireMessage[] = [];
  for (const message of messages) {
    for (const part of message.content) {
      if (part.type === 'tool-result') encoded.push(encodeToolResult(part, warnings));
    }
    if (message.name !== undefined) addUnsupportedWarning(warnings, 'name', 'Cohere messages have no participant name; it was dropped');
    const rest = message.content.filter((part) => part.type !== 'tool-result');
    if (message.role === 'tool') {
      if (rest.length > 0) addUnsupportedWarning(warnings, 'tool-message-content', 'Cohere tool messages carry only a tool result');
      continue;
    }
    if (rest.length === 0 && message.content.length > 0) continue;
    if (message.role === 'assistant') encoded.push(encodeAssistant(rest, warnings));
    else encoded.push({ role: message.role, content: encodeContent(rest, message.role, warnings) });
  }
  return encoded;
}

/**
 * An assistant turn: text as `content`, calls as `tool_calls`. Reasoning goes back the
 * way Cohere produced it: as `tool_plan` beside tool calls (the plan Cohere writes before
 * calling tools), otherwise as `thinking` content for reasoning models.
 */
function encodeAssistant(parts: readonly ContentPart[], warnings: Warning[]): WireMessage {
  const content: WirePart[] = [];
  const toolCalls: WirePart[] = [];
  const reasoning: string[] = [];
  for (const part of parts) {
    if (part.type === 'text') content.push({ type: 'text', text: part.text });
    else if (part.type === 'reasoning') reasoning.push(part.text);
    else if (part.type === 'tool-call') {
      toolCalls.push({ id: part.toolCallId, type: 'function', function: { name: part.toolName, arguments: part.argumentsJson } });
    } else addUnsupportedWarning(warnings, `assistant-${part.type}`, `Cohere assistant messages cannot carry ${part.type} parts`);
  }
  const wire: WireMessage = { role: 'assistant' };
  if (toolCalls.length > 0) {
    if (reasoning.length > 0) wire.tool_plan = reasoning.join('\n\n');
  } else {
    for (const text of reasoning) content.unshift({ type: 'thinking', thinking: text });
  }
  if (content.length > 0) wire.content = collapseText(content);
  else if (toolCalls.length === 0) wire.content = '';
  if (toolCalls.length > 0) wire.tool_calls = toolCalls;
  return wire;
}

function encodeContent(parts: readonly ContentPart[], role: 'system' | 'user', warnings: Warning[]): unknown {
  const encoded: WirePart[] = [];
  for (const part of parts) {
    const wire = role === 'user' ? encodeUserPart(part, warnings) : encodeTextOnly(part, role, warnings);
    if (wire) encoded.push(wire);
  }
  return encoded.length === 0 ? '' : collapseText(encoded);
}

function encodeUserPart(part: ContentPart, warnings: Warning[]): WirePart | undefined {
  if (part.type === 'text') return { type: 'text', text: part.text };
  if (part.type === 'image') {
    const imageUrl: Record<string, unknown> = { url: toUrl(part.source) };
    if (part.detail !== undefined) imageUrl.detail = part.detail;
    return { type: 'image_url', image_url: imageUrl };
  }
  addUnsupportedWarning(warnings, `user-${part.type}`, `Cohere user messages carry only text and images; ${part.type} parts were dropped`);
  return undefined;
}

function encodeTextOnly(part: ContentPart, role: string, warnings: Warning[]): WirePart | undefined {
  if (part.type === 'text') return { type: 'text', text: part.text };
  addUnsupportedWarning(warnings, `${role}-${part.type}`, `Cohere ${role} messages carry only text`);
  return undefined;
}

function encodeToolResult(part: ToolResultPart, warnings: Warning[]): WireMessage {
  if (part.isError) addUnsupportedWarning(warnings, 'tool-result-error', 'Cohere tool messages have no error flag');
  if (typeof part.content === 'string') return { role: 'tool', tool_call_id: part.toolCallId, content: part.content };
  const texts: WirePart[] = [];
  for (const inner of part.content) {
    const wire = encodeTextOnly(inner, 'tool', warnings);
    if (wire) texts.push(wire);
  }
  return { role: 'tool', tool_call_id: part.toolCallId, content: texts.length === 0 ? '' : collapseText(texts) };
}

/** A lone text part is sent as a plain string, the form Cohere's own examples use. */
function collapseText(parts: WirePart[]): unknown {
  const only = parts[0];
  if (parts.length === 1 && only?.type === 'text') return only.text;
  return parts;
}

function toUrl(source: MediaSource): string {
  return source.type === 'url' ? source.url : `data:${source.mediaType};base64,${source.data}`;
}
