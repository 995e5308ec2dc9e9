import type { ChatMessage, ContentPart } from '../../core/chat-request.js';
import { GatewayError } from '../../core/errors.js';
import type { Warning } from '../../core/warning.js';
import { addUnsupportedWarning } from '../_shared/add-unsupported-warning.js';
import { encodeGeminiFunctionResponse } from './encode-gemini-function-response.js';
import { encodeGeminiMedia } from './encode-gemini-media.js';

type WirePart = Record<string, unknown>;
interface WireContent {
  role: 'user' | 'model';
  parts: WirePart[];
}

/** Messages as Gemini wants them: the turns, and the system text apart. */
export interface GeminiContents {
  contents: WireContent[];
  systemInstruction?: { parts: WirePart[] };
}

export interface GeminiContentsOptions {
  /**
   * Gemini 3 rejects a step whose first function call has no thought signature. History
   * made elsewhere (another provider, a client whose API has no field for reasoning) has
   * none; Google documents a placeholder signature that skips the check for such turns.
   * It changes nothing the caller asked for, so it is not a warning (a warning would turn
   * into a 400 on strict models). https://ai.google.dev/gemini-api/docs/thought-signatures#faqs
   */
  placeholderSignatures: boolean;
}

const PLACEHOLDER_SIGNATURE = 'skip_thought_signature_validator';

/**
 * Canonical messages -> `contents` + `systemInstruction`. System messages (wherever they
 * sit) join the system instruction; assistant turns are `model`; user and tool turns are
 * `user`; consecutive turns of one role are merged, as Gemini expects one `user` turn to
 * answer every parallel call. A tool result names only its call id, so the function's
 * name is read from the nearest earlier assistant tool call with that id; none is a 400.
 * Reasoning goes back only as thought signatures on the part they precede (Gemini reads
 * nothing from earlier thought text).
 */
export function encodeGeminiContents(messages: readonly ChatMessage[], options: GeminiContentsOptions, warnings: Warning[]): GeminiContents {
  const system: WirePart[] = [];
  const contents: WireContent[] = [];
  const toolNames = new Map<string, string>();
  messages.forEach((message, position) => {
    if (message.name !== undefined) addUnsupportedWarning(warnings, 'message-name', 'Gemini turns have no participant name');
    if (message.role === 'system') {
      for (const part of message.content) {
        if (part.type === 'text') system.push({ text: part.text });
        else addUnsupportedWarning(warnings, `system-${part.type}`, 'Gemini system instructions carry only text');
      }
      return;
    }
    const parts =
      message.role === 'assistant'
        ? encodeModelParts(message.content, toolNames, options, warnings)
        : encodeUserParts(message.content, toolNames, position, warnings);
    if (parts.length === 0) return;
    const role = message.role === 'assistant' ? 'model' : 'user';
    const previous = contents.at(-1);
    if (previous?.role === role) previous.parts.push(...parts);
    else contents.push({ role, parts });
  });
  const encoded: GeminiContents = { contents };
  if (system.length > 0) encoded.systemInstruction = { parts: system };
  return encoded;
}

function encodeModelParts(
  content: readonly ContentPart[],
  toolNames: Map<string, string>,
  options: GeminiContentsOptions,
  warnings: Warning[],
): WirePart[] {
  const parts: WirePart[] = [];
  let pendingSignature: string | undefined;
  content.forEach((part, position) => {
    if (part.type === 'reasoning') {
      if (!part.signature) return;
      const next = content[position + 1];
      if (next !== undefined && next.type !== 'reasoning') pendingSignature = part.signature;
      else if (part.text !== '') parts.push({ text: part.text, thought: true, thoughtSignature: part.signature });
      else attachToLast(parts, part.signature, warnings);
      return;
    }
    const wire = encodeModelPart(part, toolNames, warnings);
    if (!wire) return;
    if (pendingSignature !== undefined) wire.thoughtSignature = pendingSignature;
    pendingSignature = undefined;
    parts.push(wire);
  });
  // The part a signature preceded could not be sent: keep the signature on the turn.
  if (pendingSignature !== undefined) attachToLast(parts, pendingSignature, warnings);
  const firstCall = parts.find((part) => part.functionCall !== undefined);
  if (options.placeholderSignatures && firstCall && firstCall.thoughtSignature === undefined) firstCall.thoughtSignature = PLACEHOLDER_SIGNATURE;
  return parts;
}

/** A signature with no part after it belongs to the turn's last part (where Gemini puts it on answers without calls). */
function attachToLast(parts: WirePart[], signature: string, warnings: Warning[]): void {
  const last = parts.at(-1);
  if (last && last.thoughtSignature === undefined) last.thoughtSignature = signature;
  else addUnsupportedWarning(warnings, 'reasoning-signature', 'a thought signature with no part to carry it was dropped');
}

function encodeModelPart(part: ContentPart, toolNames: Map<string, string>, warnings: Warning[]): WirePart | undefined {
  switch (part.type) {
    case 'text':
      return part.text === '' ? undefined : { text: part.text };
    case 'tool-call':
      toolNames.set(part.toolCallId, part.toolName);
      return { functionCall: { name: part.toolName, args: parseArguments(part) } };
    case 'image':
      return encodeGeminiMedia(part.source, undefined, warnings);
    case 'file':
      return encodeGeminiMedia(part.source, part.mediaType, warnings);
    default:
      addUnsupportedWarning(warnings, `assistant-${part.type}`, `Gemini model turns cannot carry ${part.type} parts`);
      return undefined;
  }
}

function encodeUserParts(content: readonly ContentPart[], toolNames: Map<string, string>, position: number, warnings: Warning[]): WirePart[] {
  const parts: WirePart[] = [];
  for (const part of content) {
    let wire: WirePart | undefined;
    if (part.type === 'text') wire = part.text === '' ? undefined : { text: part.text };
    else if (part.type === 'image') wire = encodeGeminiMedia(part.source, undefined, warnings);
    else if (part.type === 'file') wire = encodeGeminiMedia(part.source, part.mediaType, warnings);
    else if (part.type === 'tool-result') {
      const name = toolNames.get(part.toolCallId);
      if (name === undefined) {
        throw new GatewayError('GW_INVALID_REQUEST', `messages[${position}]: tool result "${part.toolCallId}" answers no earlier tool call; Gemini needs the function name`, { param: `messages[${position}]` });
      }
      wire = encodeGeminiFunctionResponse(part, name, warnings);
    } else addUnsupportedWarning(warnings, `user-${part.type}`, `Gemini user turns cannot carry ${part.type} parts`);
    if (wire) parts.push(wire);
  }
  return parts;
}

function parseArguments(part: Extract<ContentPart, { type: 'tool-call' }>): Record<string, unknown> {
  if (part.argumentsJson.trim() === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(part.argumentsJson);
  } catch {
    value = undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new GatewayError('GW_INVALID_REQUEST', `tool call "${part.toolCallId}": arguments must be a JSON object for Gemini`);
  }
  return value as Record<string, unknown>;
}
