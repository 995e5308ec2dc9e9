import type { ChatMessage, ContentPart } from '../../core/chat-request.js';
import { GatewayError } from '../../core/errors.js';
import type { Warning } from '../../core/warning.js';
import { addUnsupportedWarning } from '../_shared/add-unsupported-warning.js';
import { encodeBedrockConverseMedia } from './encode-bedrock-converse-media.js';

type WireBlock = Record<string, unknown>;

interface WireMessage {
  role: 'user' | 'assistant';
  content: WireBlock[];
}

/** Converse's `system` and `messages`, and whether the history holds tool blocks. */
export interface EncodedConverseMessages {
  system: WireBlock[];
  messages: WireMessage[];
  /** Converse refuses toolUse/toolResult blocks unless `toolConfig` is present. */
  hasToolBlocks: boolean;
}

interface EncodeState {
  warnings: Warning[];
  hasToolBlocks: boolean;
  documents: number;
}

/**
 * Canonical messages -> Converse. System messages become the top-level `system` blocks
 * (Converse has no system turn; one that came after the conversation started is moved
 * there with a warning). `tool` messages become user turns of `toolResult` blocks, and
 * consecutive turns of one role are merged, because Converse requires user and assistant
 * to alternate. Empty text is skipped (Converse refuses blank blocks), and so is a turn
 * left with no blocks. Earlier reasoning is sent back only with its signature, the form
 * Claude verifies; unsigned reasoning is dropped with a warning.
 */
export function encodeBedrockConverseMessages(messages: readonly ChatMessage[], warnings: Warning[]): EncodedConverseMessages {
  const state: EncodeState = { warnings, hasToolBlocks: false, documents: 0 };
  const system: WireBlock[] = [];
  const encoded: WireMessage[] = [];
  messages.forEach((message, index) => {
    if (message.role === 'system') {
      if (encoded.length > 0) addUnsupportedWarning(warnings, 'system-message-position', 'Converse has one system prompt before the conversation; later system messages were moved into it');
      for (const part of message.content) {
        if (part.type === 'text') {
          if (part.text !== '') system.push({ text: part.text });
        } else addUnsupportedWarning(warnings, `system-${part.type}`, 'Converse system prompts carry only text');
      }
      return;
    }
    if (message.name !== undefined) addUnsupportedWarning(warnings, 'name', 'Converse messages have no participant name');
    const role = message.role === 'assistant' ? 'assistant' : 'user';
    const content: WireBlock[] = [];
    message.content.forEach((part, partIndex) => {
      const block = encodePart(part, role, `messages[${index}].content[${partIndex}]`, state);
      if (block) content.push(block);
    });
    if (content.length === 0) return;
    const previous = encoded[encoded.length - 1];
    if (previous?.role === role) previous.content.push(...content);
    else encoded.push({ role, content });
  });
  return { system, messages: encoded, hasToolBlocks: state.hasToolBlocks };
}

function encodePart(part: ContentPart, role: WireMessage['role'], param: string, state: EncodeState): WireBlock | undefined {
  switch (part.type) {
    case 'text':
      return part.text === '' ? undefined : { text: part.text };
    case 'image':
    case 'file':
      if (role === 'assistant') return dropped(state, `assistant-${part.type}`, `Converse assistant turns cannot carry ${part.type}s`);
      state.documents += part.type === 'file' ? 1 : 0;
      return encodeBedrockConverseMedia(part, param, state.documents);
    case 'tool-call':
      if (role !== 'assistant') return dropped(state, `${role}-tool-call`, 'Converse tool calls belong to assistant turns');
      state.hasToolBlocks = true;
      return { toolUse: { toolUseId: part.toolCallId, name: part.toolName, input: parseArguments(part.argumentsJson, param) } };
    case 'tool-result':
      if (role !== 'user') return dropped(state, 'assistant-tool-result', 'Converse tool results belong to user turns');
      state.hasToolBlocks = true;
      return encodeToolResult(part, param, state);
    case 'reasoning':
      if (role !== 'assistant') return dropped(state, 'user-reasoning', 'Converse reasoning belongs to assistant turns');
      if (part.signature === undefined) return dropped(state, 'reasoning', 'Converse takes earlier reasoning back only with its signature; unsigned reasoning was dropped');
      return { reasoningContent: { reasoningText: { text: part.text, signature: part.signature } } };
  }
}

function encodeToolResult(part: Extract<ContentPart, { type: 'tool-result' }>, param: string, state: EncodeState): WireBlock {
  const content: WireBlock[] = [];
  if (typeof part.content === 'string') content.push({ text: part.content });
  else {
    part.content.forEach((inner, index) => {
      if (inner.type === 'text') content.push({ text: inner.text });
      else if (inner.type === 'image') content.push(encodeBedrockConverseMedia(inner, `${param}.content[${index}]`, state.documents));
      else addUnsupportedWarning(state.warnings, `tool-result-${inner.type}`, `Converse tool results carry text and images, not ${inner.type} parts`);
    });
  }
  const toolResult: WireBlock = { toolUseId: part.toolCallId, content };
  if (part.isError) toolResult.status = 'error';
  return { toolResult };
}

/** Converse wants the input as a JSON document; `''` (a call without arguments) is `{}`. */
function parseArguments(argumentsJson: string, param: string): unknown {
  if (argumentsJson.trim() === '') return {};
  try {
    return JSON.parse(argumentsJson) as unknown;
  } catch {
    throw new GatewayError('GW_INVALID_REQUEST', `${param}: tool call arguments are not valid JSON; Converse needs them as a JSON document`, { param });
  }
}

function dropped(state: EncodeState, setting: string, detail: string): undefined {
  addUnsupportedWarning(state.warnings, setting, detail);
  return undefined;
}
