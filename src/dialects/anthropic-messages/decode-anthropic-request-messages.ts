import type { ChatMessage, ContentPart } from '../../core/chat-request.js';
import { GatewayError } from '../../core/errors.js';
import type { Warning } from '../../core/warning.js';
import { addUnsupportedWarning } from '../_shared/add-unsupported-warning.js';
import type {
  AnthropicAssistantBlockWire,
  AnthropicMessageWire,
  AnthropicRequestWire,
  AnthropicToolResultContentWire,
  AnthropicUserBlockWire,
} from './anthropic-request-wire.js';
import { redactedThinkingSignature } from './redacted-thinking-signature.js';

type MediaBlockWire = Extract<AnthropicUserBlockWire, { type: 'image' | 'document' }>;
type ToolResultWire = Extract<AnthropicUserBlockWire, { type: 'tool_result' }>;

/**
 * Validated Anthropic `system` + `messages` -> canonical messages, in order. Each
 * `tool_result` block becomes its own `tool` message where it stood, and the blocks
 * around it stay `user` messages, so a turn `[tool_result A, tool_result B, text]`
 * becomes `tool A, tool B, user text`. Per-block `cache_control`, `citations` and a
 * document's `context` have no canonical place: they are dropped with a warning.
 */
export function decodeAnthropicRequestMessages(
  system: AnthropicRequestWire['system'],
  messages: readonly AnthropicMessageWire[],
  warnings: Warning[],
): ChatMessage[] {
  const decoded: ChatMessage[] = [];
  const systemParts = decodeTextBlocks(system ?? '', warnings);
  if (systemParts.length > 0) decoded.push({ role: 'system', content: systemParts });
  messages.forEach((message, index) => decodeMessage(message, `messages[${index}]`, decoded, warnings));
  return decoded;
}

/** An empty system prompt is no system prompt. */
function decodeTextBlocks(content: string | readonly { text: string }[], warnings: Warning[]): ContentPart[] {
  if (content === '') return [];
  if (typeof content === 'string') return [textPart(content)];
  return content.map((block) => {
    warnDropped(block, warnings);
    return textPart(block.text);
  });
}

function decodeMessage(message: AnthropicMessageWire, path: string, out: ChatMessage[], warnings: Warning[]): void {
  switch (message.role) {
    case 'system':
      out.push({ role: 'system', content: typeof message.content === 'string' ? [textPart(message.content)] : decodeTextBlocks(message.content, warnings) });
      return;
    case 'assistant': {
      const content = typeof message.content === 'string' ? [textPart(message.content)] : message.content.map((block) => decodeAssistantBlock(block, warnings));
      out.push({ role: 'assistant', content });
      return;
    }
    case 'user':
      decodeUserMessage(message.content, path, out, warnings);
      return;
  }
}

function decodeUserMessage(content: string | readonly AnthropicUserBlockWire[], path: string, out: ChatMessage[], warnings: Warning[]): void {
  if (typeof content === 'string') {
    out.push({ role: 'user', content: [textPart(content)] });
    return;
  }
  if (content.length === 0) {
    out.push({ role: 'user', content: [] });
    return;
  }
  let pending: ContentPart[] = [];
  const flush = () => {
    if (pending.length > 0) out.push({ role: 'user', content: pending });
    pending = [];
  };
  content.forEach((block, index) => {
    const blockPath = `${path}.content[${index}]`;
    warnDropped(block, warnings);
    if (block.type === 'tool_result') {
      flush();
      out.push({ role: 'tool', content: [decodeToolResult(block, blockPath, warnings)] });
    } else if (block.type === 'text') pending.push(textPart(block.text));
    else pending.push(decodeMediaBlock(block, blockPath));
  });
  flush();
}

function decodeAssistantBlock(block: AnthropicAssistantBlockWire, warnings: Warning[]): ContentPart {
  warnDropped(block, warnings);
  switch (block.type) {
    case 'text':
      return textPart(block.text);
    case 'thinking': {
      const part: ContentPart = { type: 'reasoning', text: block.thinking };
      if (block.signature) part.signature = block.signature;
      return part;
    }
    case 'redacted_thinking':
      return { type: 'reasoning', text: '', signature: redactedThinkingSignature(block.data) };
    case 'tool_use':
      return { type: 'tool-call', toolCallId: block.id, toolName: block.name, argumentsJson: JSON.stringify(block.input) };
  }
}

function decodeToolResult(block: ToolResultWire, path: string, warnings: Warning[]): ContentPart {
  let content: string | ContentPart[];
  if (block.content === null || block.content === undefined) content = '';
  else if (typeof block.content === 'string') content = block.content;
  else {
    content = block.content.map((part, index) => {
      warnDropped(part, warnings);
      return decodeToolResultContent(part, `${path}.content[${index}]`);
    });
  }
  const part: ContentPart = { type: 'tool-result', toolCallId: block.tool_use_id, content };
  if (typeof block.is_error === 'boolean') part.isError = block.is_error;
  return part;
}

function decodeToolResultContent(block: AnthropicToolResultContentWire, path: string): ContentPart {
  return block.type === 'text' ? textPart(block.text) : decodeMediaBlock(block, path);
}

function decodeMediaBlock(block: MediaBlockWire, path: string): ContentPart {
  const source = block.source;
  if (block.type === 'image') {
    if (source.type === 'base64') return { type: 'image', source: { type: 'base64', mediaType: source.media_type, data: source.data } };
    if (source.type === 'url') return { type: 'image', source: { type: 'url', url: source.url } };
    throw unsupported(`${path}.source.type`, 'Files API references ("file") cannot be translated; send the image as base64 or url');
  }
  const filename = block.title ?? undefined;
  switch (block.source.type) {
    case 'base64':
      return withFilename({ type: 'file', mediaType: block.source.media_type, source: { type: 'base64', mediaType: block.source.media_type, data: block.source.data } }, filename);
    case 'url':
      // Anthropic's URL documents are PDFs (URLPDFSource).
      return withFilename({ type: 'file', mediaType: 'application/pdf', source: { type: 'url', url: block.source.url } }, filename);
    case 'text': {
      const mediaType = block.source.media_type ?? 'text/plain';
      const data = Buffer.from(block.source.data, 'utf8').toString('base64');
      return withFilename({ type: 'file', mediaType, source: { type: 'base64', mediaType, data } }, filename);
    }
    case 'content':
      throw unsupported(`${path}.source.type`, 'custom-content documents ("content") cannot be translated; send their text and images as blocks');
    case 'file':
      throw unsupported(`${path}.source.type`, 'Files API references ("file") cannot be translated; send the document as base64, url or text');
  }
}

function withFilename(part: Extract<ContentPart, { type: 'file' }>, filename: string | undefined): ContentPart {
  if (filename) part.filename = filename;
  return part;
}

const DROPPED_BLOCK_KEYS: Readonly<Record<string, string>> = {
  cache_control: 'prompt-cache hints on blocks are not carried through translation',
  citations: 'citations are not carried through translation',
  context: 'document context is not carried through translation',
};

function warnDropped(block: object, warnings: Warning[]): void {
  for (const [key, value] of Object.entries(block)) {
    const detail = DROPPED_BLOCK_KEYS[key];
    if (detail !== undefined && isSet(value)) addUnsupportedWarning(warnings, key, detail);
  }
}

/** `null`, `false` and `[]` are what SDKs send for "not set". */
function isSet(value: unknown): boolean {
  return value !== undefined && value !== null && value !== false && !(Array.isArray(value) && value.length === 0);
}

function textPart(text: string): ContentPart {
  return { type: 'text', text };
}

function unsupported(param: string, reason: string): GatewayError {
  return new GatewayError('GW_INVALID_REQUEST', `${param}: ${reason}`, { param });
}
