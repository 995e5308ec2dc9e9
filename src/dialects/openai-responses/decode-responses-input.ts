import type { ChatMessage, ContentPart, MediaSource } from '../../core/chat-request.js';
import type { Warning } from '../../core/warning.js';
import { invalidResponsesParam, parseResponsesWire } from './parse-responses-wire.js';
import { flattenResponsesToolName } from './flatten-responses-tool-name.js';
import {
  customToolCallItemSchema,
  functionCallItemSchema,
  messageItemSchema,
  reasoningItemSchema,
  toolCallOutputItemSchema,
  type ResponsesContentPartWire,
} from './responses-request-wire.js';

/*
 * Records of tools OpenAI ran on its own servers: each holds the call and its result, so
 * leaving one out keeps the rest of the history consistent.
 */
const HOSTED_CALL_ITEMS: ReadonlySet<string> = new Set([
  'web_search_call',
  'file_search_call',
  'image_generation_call',
  'code_interpreter_call',
  'mcp_list_tools',
  'mcp_call',
]);

/*
 * Records of a tool search: the decoder never offers `tool_search` (every tool is offered
 * directly), so these only come from a conversation begun at OpenAI. The call and its
 * output are both records, and the tools they loaded are called by name as usual.
 */
const TOOL_SEARCH_ITEMS: ReadonlySet<string> = new Set(['tool_search_call', 'tool_search_output']);

const FILE_URL_MEDIA_TYPES: Record<string, string> = {
  pdf: 'application/pdf',
  txt: 'text/plain',
  csv: 'text/csv',
  md: 'text/markdown',
  json: 'application/json',
  html: 'text/html',
};

/**
 * Responses `input` -> canonical messages. Items the model produced (assistant messages,
 * `function_call`, `custom_tool_call`, `reasoning`) that follow each other join one
 * assistant message, the shape every provider expects for a turn with tool calls. A
 * `custom_tool_call` becomes a call of the function decodeResponsesCustomTool declared,
 * with `{"input": <text>}` as arguments; a call's `namespace` is folded into its name
 * (flattenResponsesToolName). `function_call_output` and `custom_tool_call_output` become
 * one `tool` message per result. Hosted-tool and tool-search records are dropped with a
 * warning; `item_reference` and items of other client-run tools are refused. Item `id`
 * and `status` fields are ignored.
 */
export function decodeResponsesInput(input: string | readonly Record<string, unknown>[], warnings: Warning[]): ChatMessage[] {
  if (typeof input === 'string') return [{ role: 'user', content: [{ type: 'text', text: input }] }];
  const messages: ChatMessage[] = [];
  const appendAssistant = (parts: ContentPart[]) => {
    const last = messages.at(-1);
    if (last?.role === 'assistant') last.content.push(...parts);
    else messages.push({ role: 'assistant', content: parts });
  };
  input.forEach((item, index) => {
    const path = ['input', index] as const;
    const type = typeof item.type === 'string' ? item.type : 'message';
    switch (type) {
      case 'message': {
        const message = decodeMessageItem(item, path);
        if (message.role === 'assistant') appendAssistant(message.content);
        else messages.push(message);
        return;
      }
      case 'function_call': {
        const call = parseResponsesWire(functionCallItemSchema, item, path);
        const toolName = flattenResponsesToolName(call.name, call.namespace);
        appendAssistant([{ type: 'tool-call', toolCallId: call.call_id, toolName, argumentsJson: call.arguments }]);
        return;
      }
      case 'custom_tool_call': {
        const call = parseResponsesWire(customToolCallItemSchema, item, path);
        const toolName = flattenResponsesToolName(call.name, call.namespace);
        appendAssistant([{ type: 'tool-call', toolCallId: call.call_id, toolName, argumentsJson: JSON.stringify({ input: call.input }) }]);
        return;
      }
      case 'function_call_output':
      case 'custom_tool_call_output': {
        const result = parseResponsesWire(toolCallOutputItemSchema, item, path);
        const content = typeof result.output === 'string' ? result.output : decodeParts(result.output, 'tool', [...path, 'output']);
        messages.push({ role: 'tool', content: [{ type: 'tool-result', toolCallId: result.call_id, content }] });
        return;
      }
      case 'reasoning': {
        const reasoning = decodeReasoningItem(item, path);
        if (reasoning) appendAssistant([reasoning]);
        return;
      }
      case 'item_reference':
        throw invalidResponsesParam(
          `input[${index}]`,
          'item_reference is not supported; send the item itself, or continue with previous_response_id',
        );
      default:
        if (HOSTED_CALL_ITEMS.has(type) || TOOL_SEARCH_ITEMS.has(type)) {
          const what = TOOL_SEARCH_ITEMS.has(type) ? 'a tool search' : 'an OpenAI-hosted tool call';
          warnings.push({ type: 'unsupported-setting', setting: `input[${index}]`, detail: `"${type}" records ${what}; dropped from the history` });
          return;
        }
        throw invalidResponsesParam(
          `input[${index}].type`,
          `"${type}" items are not supported; the gateway translates messages, function and custom tool calls, their outputs and reasoning`,
        );
    }
  });
  return messages;
}

function decodeMessageItem(item: unknown, path: readonly PropertyKey[]): ChatMessage {
  const message = parseResponsesWire(messageItemSchema, item, path);
  const role = message.role === 'developer' ? 'system' : message.role;
  const content =
    typeof message.content === 'string' ? [textPart(message.content)] : decodeParts(message.content, role, [...path, 'content']);
  return { role, content };
}

function decodeReasoningItem(item: unknown, path: readonly PropertyKey[]): ContentPart | undefined {
  const reasoning = parseResponsesWire(reasoningItemSchema, item, path);
  // Raw reasoning text (open-weight models) is the fuller record; the summary stands in otherwise.
  const raw = (reasoning.content ?? []).map((part) => part.text).join('');
  const text = raw !== '' ? raw : (reasoning.summary ?? []).map((part) => part.text).join('\n\n');
  const signature = reasoning.encrypted_content ?? undefined;
  if (text === '' && signature === undefined) return undefined;
  const part: ContentPart = { type: 'reasoning', text };
  if (signature !== undefined) part.signature = signature;
  return part;
}

function decodeParts(
  parts: readonly ResponsesContentPartWire[],
  role: ChatMessage['role'],
  path: readonly PropertyKey[],
): ContentPart[] {
  return parts.map((part, index) => {
    const partPath = `${formatPath(path)}[${index}]`;
    switch (part.type) {
      case 'input_text':
      case 'output_text':
        return textPart(part.text);
      case 'refusal':
        return textPart(part.refusal);
      case 'input_image':
        requireMediaRole(role, partPath);
        return decodeImagePart(part, partPath);
      case 'input_file':
        requireMediaRole(role, partPath);
        return decodeFilePart(part, partPath);
    }
  });
}

function requireMediaRole(role: ChatMessage['role'], path: string): void {
  if (role === 'system' || role === 'assistant') {
    throw invalidResponsesParam(`${path}.type`, `images and files are not allowed in ${role} messages`);
  }
}

function decodeImagePart(part: Extract<ResponsesContentPartWire, { type: 'input_image' }>, path: string): ContentPart {
  if (!part.image_url) throw missingSource(part.file_id, path, 'image_url', 'a URL or a data: URL');
  const image: ContentPart = { type: 'image', source: decodeMediaUrl(part.image_url) };
  if (part.detail) image.detail = part.detail;
  return image;
}

function decodeFilePart(part: Extract<ResponsesContentPartWire, { type: 'input_file' }>, path: string): ContentPart {
  let decoded: ContentPart;
  if (part.file_data) {
    const source = decodeMediaUrl(part.file_data);
    if (source.type !== 'base64') {
      throw invalidResponsesParam(`${path}.file_data`, 'expected a base64 data: URL (data:<media type>;base64,...)');
    }
    decoded = { type: 'file', mediaType: source.mediaType, source };
  } else if (part.file_url) {
    const extension = /\.([a-z0-9]+)(?:[?#]|$)/i.exec(part.file_url)?.[1]?.toLowerCase() ?? '';
    decoded = { type: 'file', mediaType: FILE_URL_MEDIA_TYPES[extension] ?? 'application/octet-stream', source: { type: 'url', url: part.file_url } };
  } else {
    throw missingSource(part.file_id, path, 'file_data', 'a base64 data: URL');
  }
  if (part.filename) decoded.filename = part.filename;
  return decoded;
}

function missingSource(fileId: string | null | undefined, path: string, field: string, expected: string) {
  return fileId
    ? invalidResponsesParam(`${path}.file_id`, `uploaded file references are not supported; send the content as ${field}`)
    : invalidResponsesParam(`${path}.${field}`, `is required (expected ${expected})`);
}

/** RFC 2397 `data:` URLs with base64 payloads become inline data; anything else stays a URL. */
function decodeMediaUrl(url: string): MediaSource {
  if (!url.startsWith('data:')) return { type: 'url', url };
  const comma = url.indexOf(',');
  const header = comma === -1 ? '' : url.slice(5, comma);
  if (!header.endsWith(';base64')) return { type: 'url', url };
  const mediaType = header.slice(0, header.indexOf(';')) || 'application/octet-stream';
  return { type: 'base64', mediaType, data: url.slice(comma + 1) };
}

function textPart(text: string): ContentPart {
  return { type: 'text', text };
}

function formatPath(path: readonly PropertyKey[]): string {
  return path.map((segment, index) => (typeof segment === 'number' ? `[${segment}]` : index === 0 ? String(segment) : `.${String(segment)}`)).join('');
}
