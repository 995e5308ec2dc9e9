import type { ChatMessage, ContentPart, MediaSource } from '../../core/chat-request.js';
import type { Warning } from '../../core/warning.js';
import { addUnsupportedWarning } from '../_shared/add-unsupported-warning.js';

type WireMessage = Record<string, unknown>;
type WirePart = Record<string, unknown>;

const AUDIO_FORMATS: Record<string, string> = { 'audio/mpeg': 'mp3', 'audio/mp3': 'mp3', 'audio/wav': 'wav', 'audio/x-wav': 'wav' };

/**
 * Canonical messages -> OpenAI messages. Tool results become `tool` messages wherever
 * they sit (Anthropic-style canonical requests carry them in user turns), placed before
 * the rest of that turn. Parts OpenAI cannot carry are dropped with a warning.
 */
export function encodeOpenAIChatMessages(messages: readonly ChatMessage[], warnings: Warning[]): WireMessage[] {
  const encoded: WireMessage[] = [];
  for (const message of messages) {
    for (const part of message.content) {
      if (part.type === 'tool-result') encoded.push(encodeToolResult(part, warnings));
    }
    const rest = message.content.filter((part) => part.type !== 'tool-result');
    if (message.role === 'tool') {
      if (rest.length > 0) addUnsupportedWarning(warnings, 'tool-message-content', 'OpenAI tool messages carry only a tool result');
      continue;
    }
    if (rest.length === 0 && message.content.length > 0) continue;
    const wire =
      message.role === 'assistant'
        ? encodeAssistant(rest, warnings)
        : { role: message.role, content: encodeContent(rest, message.role, warnings) };
    if (message.name !== undefined) wire.name = message.name;
    encoded.push(wire);
  }
  return encoded;
}

function encodeAssistant(parts: readonly ContentPart[], warnings: Warning[]): WireMessage {
  const texts: WirePart[] = [];
  const toolCalls: WirePart[] = [];
  for (const part of parts) {
    if (part.type === 'text') texts.push({ type: 'text', text: part.text });
    else if (part.type === 'tool-call') {
      toolCalls.push({ id: part.toolCallId, type: 'function', function: { name: part.toolName, arguments: part.argumentsJson } });
    } else if (part.type === 'reasoning') {
      addUnsupportedWarning(warnings, 'reasoning', 'OpenAI chat has no field for earlier reasoning; reasoning parts were dropped');
    } else addUnsupportedWarning(warnings, `assistant-${part.type}`, `OpenAI assistant messages cannot carry ${part.type} parts`);
  }
  const wire: WireMessage = { role: 'assistant', content: collapseText(texts, toolCalls.length > 0 ? null : '') };
  if (toolCalls.length > 0) wire.tool_calls = toolCalls;
  return wire;
}

function encodeContent(parts: readonly ContentPart[], role: 'system' | 'user', warnings: Warning[]): unknown {
  const encoded: WirePart[] = [];
  for (const part of parts) {
    const wire = role === 'user' ? encodeUserPart(part, warnings) : encodeTextOnly(part, role, warnings);
    if (wire) encoded.push(wire);
  }
  return collapseText(encoded, '');
}

function encodeTextOnly(part: ContentPart, role: string, warnings: Warning[]): WirePart | undefined {
  if (part.type === 'text') return { type: 'text', text: part.text };
  addUnsupportedWarning(warnings, `${role}-${part.type}`, `OpenAI ${role} messages carry only text`);
  return undefined;
}

function encodeUserPart(part: ContentPart, warnings: Warning[]): WirePart | undefined {
  switch (part.type) {
    case 'text':
      return { type: 'text', text: part.text };
    case 'image': {
      const imageUrl: Record<string, unknown> = { url: toUrl(part.source) };
      if (part.detail !== undefined) imageUrl.detail = part.detail;
      return { type: 'image_url', image_url: imageUrl };
    }
    case 'file':
      return encodeFilePart(part, warnings);
    default:
      addUnsupportedWarning(warnings, `user-${part.type}`, `OpenAI user messages cannot carry ${part.type} parts`);
      return undefined;
  }
}

function encodeFilePart(part: Extract<ContentPart, { type: 'file' }>, warnings: Warning[]): WirePart | undefined {
  if (part.source.type !== 'base64') {
    addUnsupportedWarning(warnings, 'file-url', 'OpenAI chat accepts files only as inline data; file URLs were dropped');
    return undefined;
  }
  const audioFormat = AUDIO_FORMATS[part.mediaType] ?? (part.mediaType.startsWith('audio/') ? part.mediaType.slice(6) : undefined);
  if (audioFormat !== undefined) return { type: 'input_audio', input_audio: { data: part.source.data, format: audioFormat } };
  const file: Record<string, unknown> = { file_data: toUrl(part.source) };
  if (part.filename !== undefined) file.filename = part.filename;
  return { type: 'file', file };
}

function encodeToolResult(part: Extract<ContentPart, { type: 'tool-result' }>, warnings: Warning[]): WireMessage {
  if (part.isError) addUnsupportedWarning(warnings, 'tool-result-error', 'OpenAI tool messages have no error flag');
  if (typeof part.content === 'string') return { role: 'tool', tool_call_id: part.toolCallId, content: part.content };
  const texts: WirePart[] = [];
  for (const inner of part.content) {
    const wire = encodeTextOnly(inner, 'tool', warnings);
    if (wire) texts.push(wire);
  }
  return { role: 'tool', tool_call_id: part.toolCallId, content: texts.length === 0 ? '' : texts };
}

/** A lone text part is sent as a plain string, the form most clients and servers use. */
function collapseText(parts: WirePart[], empty: string | null): unknown {
  if (parts.length === 0) return empty;
  const only = parts[0];
  if (parts.length === 1 && only?.type === 'text') return only.text;
  return parts;
}

function toUrl(source: MediaSource): string {
  return source.type === 'url' ? source.url : `data:${source.mediaType};base64,${source.data}`;
}
