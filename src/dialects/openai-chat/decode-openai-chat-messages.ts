import type { ChatMessage, ContentPart, MediaSource } from '../../core/chat-request.js';
import { GatewayError } from '../../core/errors.js';
import type { OpenAIChatMessageWire, OpenAIUserPartWire } from './openai-chat-wire.js';

const AUDIO_MEDIA_TYPES: Record<string, string> = { mp3: 'audio/mpeg', wav: 'audio/wav' };

/**
 * Validated OpenAI messages -> canonical messages. `developer` becomes `system` (OpenAI
 * treats them alike; reasoning models read `system` as `developer`). Message keys the
 * canonical model has no place for (`audio`, per-part cache hints) are not carried.
 */
export function decodeOpenAIChatMessages(messages: readonly OpenAIChatMessageWire[]): ChatMessage[] {
  return messages.map((message, index) => decodeMessage(message, `messages[${index}]`));
}

function decodeMessage(message: OpenAIChatMessageWire, path: string): ChatMessage {
  switch (message.role) {
    case 'system':
    case 'developer':
      return withName({ role: 'system', content: decodeTextContent(message.content) }, message.name);
    case 'user': {
      const content =
        typeof message.content === 'string'
          ? [textPart(message.content)]
          : message.content.map((part, index) => decodeUserPart(part, `${path}.content[${index}]`));
      return withName({ role: 'user', content }, message.name);
    }
    case 'assistant': {
      const content: ContentPart[] = [];
      if (message.reasoning_content) content.push({ type: 'reasoning', text: message.reasoning_content });
      if (typeof message.content === 'string') content.push(textPart(message.content));
      else if (message.content) {
        for (const part of message.content) content.push(textPart(part.type === 'text' ? part.text : part.refusal));
      }
      if (message.refusal) content.push(textPart(message.refusal));
      for (const call of message.tool_calls ?? []) {
        content.push({ type: 'tool-call', toolCallId: call.id, toolName: call.function.name, argumentsJson: call.function.arguments });
      }
      return withName({ role: 'assistant', content }, message.name);
    }
    case 'tool': {
      const result = typeof message.content === 'string' ? message.content : message.content.map((part) => textPart(part.text));
      return { role: 'tool', content: [{ type: 'tool-result', toolCallId: message.tool_call_id, content: result }] };
    }
  }
}

function decodeTextContent(content: string | readonly { text: string }[]): ContentPart[] {
  return typeof content === 'string' ? [textPart(content)] : content.map((part) => textPart(part.text));
}

function decodeUserPart(part: OpenAIUserPartWire, path: string): ContentPart {
  switch (part.type) {
    case 'text':
      return textPart(part.text);
    case 'image_url': {
      const image: ContentPart = { type: 'image', source: decodeMediaUrl(part.image_url.url) };
      if (part.image_url.detail) image.detail = part.image_url.detail;
      return image;
    }
    case 'input_audio': {
      const mediaType = AUDIO_MEDIA_TYPES[part.input_audio.format] ?? `audio/${part.input_audio.format}`;
      return { type: 'file', mediaType, source: { type: 'base64', mediaType, data: part.input_audio.data } };
    }
    case 'file':
      return decodeFilePart(part.file, `${path}.file`);
  }
}

function decodeFilePart(
  file: { file_data?: string | null; file_id?: string | null; filename?: string | null },
  path: string,
): ContentPart {
  if (!file.file_data) {
    const message = file.file_id
      ? 'uploaded file references are not supported; send the content as file_data'
      : 'is required (expected a data: URL)';
    const param = file.file_id ? `${path}.file_id` : `${path}.file_data`;
    throw new GatewayError('GW_INVALID_REQUEST', `${param}: ${message}`, { param });
  }
  const source = decodeMediaUrl(file.file_data);
  if (source.type !== 'base64') {
    const param = `${path}.file_data`;
    throw new GatewayError('GW_INVALID_REQUEST', `${param}: expected a base64 data: URL (data:<media type>;base64,...)`, { param });
  }
  const part: ContentPart = { type: 'file', mediaType: source.mediaType, source };
  if (file.filename) part.filename = file.filename;
  return part;
}

/** RFC 2397 `data:` URLs with base64 payloads become inline data; anything else stays a URL. */
function decodeMediaUrl(url: string): MediaSource {
  if (!url.startsWith('data:')) return { type: 'url', url };
  const comma = url.indexOf(',');
  if (comma === -1) return { type: 'url', url };
  const header = url.slice(5, comma);
  if (!header.endsWith(';base64')) return { type: 'url', url };
  const mediaType = header.slice(0, header.indexOf(';')) || 'application/octet-stream';
  return { type: 'base64', mediaType, data: url.slice(comma + 1) };
}

function textPart(text: string): ContentPart {
  return { type: 'text', text };
}

function withName(message: ChatMessage, name: string | null | undefined): ChatMessage {
  if (name) message.name = name;
  return message;
}
