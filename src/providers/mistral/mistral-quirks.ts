import type { Warning } from '../../core/warning.js';
import { renameBodyField, type DialectQuirks } from '../../dialects/with-dialect-quirks.js';
import { isRecord } from '../../dialects/_shared/is-record.js';

/*
 * Mistral's chat API is OpenAI's with a stricter request schema: unknown fields are
 * rejected with 422 `extra_forbidden`, and a few fields have other names.
 * Reference: https://docs.mistral.ai/api/#tag/chat/operation/chat_completion_v1_chat_completions_post
 * and the @mistralai/mistralai package's ChatCompletionRequest$Outbound.
 * Answers need no quirk: `thinking` content chunks, `model_length` finish reasons and
 * tool calls without `type` are tolerated by the openai-chat decoders themselves.
 */

/** Top-level request fields Mistral accepts; any other is a 422. */
const ACCEPTED_FIELDS = new Set([
  'model', 'messages', 'temperature', 'top_p', 'max_tokens', 'stream', 'stop', 'random_seed', 'metadata', 'response_format',
  'tools', 'tool_choice', 'presence_penalty', 'frequency_penalty', 'n', 'prediction', 'parallel_tool_calls', 'reasoning_effort',
  'prompt_mode', 'guardrails', 'prompt_cache_key', 'service_tier', 'safe_prompt',
]);

/** Message fields Mistral accepts per role (`name` only on tool messages). */
const ACCEPTED_MESSAGE_FIELDS: Record<string, ReadonlySet<string>> = {
  system: new Set(['role', 'content']),
  user: new Set(['role', 'content']),
  assistant: new Set(['role', 'content', 'tool_calls', 'prefix']),
  tool: new Set(['role', 'content', 'tool_call_id', 'name']),
};

const MISTRAL_TOOL_CALL_ID = /^[a-zA-Z0-9]{9}$/;
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** Mistral's request-body deltas on top of the openai-chat dialect and passthrough. */
export const mistralQuirks: DialectQuirks = {
  encodeBody(body, context) {
    const renamed = renameFields(body, context.warnings);
    if (Array.isArray(renamed.messages)) renamed.messages = rewriteMessages(renamed.messages, context.warnings);
    return dropUnacceptedFields(renamed, context.warnings);
  },
};

function renameFields(body: Record<string, unknown>, warnings: Warning[]): Record<string, unknown> {
  // Mistral reads `max_tokens`; `max_completion_tokens` is a 422 (extra_forbidden).
  // Mistral names the sampling seed `random_seed`.
  const result = { ...renameBodyField(renameBodyField(body, 'max_completion_tokens', 'max_tokens'), 'seed', 'random_seed') };
  // `any` is Mistral's long-documented word for "must call a tool"; `required` is newer.
  // https://docs.mistral.ai/capabilities/function_calling/
  if (result.tool_choice === 'required') result.tool_choice = 'any';
  // Mistral rejects `stream_options` and always sends usage in the last stream chunk.
  if (result.stream_options !== undefined) {
    const includeUsage = isRecord(result.stream_options) && result.stream_options.include_usage === true;
    delete result.stream_options;
    if (!includeUsage) addWarning(warnings, 'stream_options', 'Mistral rejects stream_options; usage always arrives in the last chunk');
  }
  return result;
}

/**
 * Mistral requires tool call ids of exactly 9 letters and digits
 * ("Tool call id was ... but must be a-z, A-Z, 0-9, with a length of 9"). Ids from other
 * providers are mapped to conforming ones by a hash, identically in the assistant's
 * `tool_calls` and the tool messages' `tool_call_id`, and identically across requests, so
 * a conversation resent turn after turn stays linked. Conforming ids pass unchanged.
 */
function rewriteMessages(messages: unknown[], warnings: Warning[]): unknown[] {
  const ids = createToolCallIdMap();
  return messages.map((message) => {
    if (!isRecord(message)) return message;
    const result: Record<string, unknown> = { ...message };
    if (Array.isArray(result.tool_calls)) {
      result.tool_calls = result.tool_calls.map((call) => (isRecord(call) && typeof call.id === 'string' ? { ...call, id: ids(call.id) } : call));
    }
    if (typeof result.tool_call_id === 'string') result.tool_call_id = ids(result.tool_call_id);
    const accepted = typeof result.role === 'string' ? ACCEPTED_MESSAGE_FIELDS[result.role] : undefined;
    if (!accepted) return result;
    for (const key of Object.keys(result)) {
      if (accepted.has(key)) continue;
      if (result[key] !== null && result[key] !== undefined) addWarning(warnings, `messages.${key}`, `Mistral ${String(result.role)} messages have no "${key}" field; it was dropped`);
      delete result[key];
    }
    return result;
  });
}

function createToolCallIdMap(): (id: string) => string {
  const mapped = new Map<string, string>();
  const used = new Map<string, string>();
  return (id) => {
    const known = mapped.get(id);
    if (known !== undefined) return known;
    let candidate = MISTRAL_TOOL_CALL_ID.test(id) ? id : hashToBase62(id);
    for (let salt = 1; used.has(candidate) && used.get(candidate) !== id; salt += 1) candidate = hashToBase62(`${id}#${salt}`);
    mapped.set(id, candidate);
    used.set(candidate, id);
    return candidate;
  };
}

/** 64-bit FNV-1a of the UTF-8 text, written as 9 base-62 digits (62^9 < 2^64). */
function hashToBase62(text: string): string {
  let hash = 0xcbf29ce484222325n;
  for (const byte of new TextEncoder().encode(text)) {
    hash ^= BigInt(byte);
    hash = (hash * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  let digits = '';
  for (let position = 0; position < 9; position += 1) {
    digits += BASE62[Number(hash % 62n)];
    hash /= 62n;
  }
  return digits;
}

function dropUnacceptedFields(body: Record<string, unknown>, warnings: Warning[]): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) {
    if (ACCEPTED_FIELDS.has(key)) result[key] = value;
    else if (value !== null && value !== undefined) addWarning(warnings, key, 'Mistral rejects fields outside its chat schema; it was not sent');
  }
  return result;
}

function addWarning(warnings: Warning[], setting: string, detail: string): void {
  if (!warnings.some((warning) => warning.type === 'unsupported-setting' && warning.setting === setting)) {
    warnings.push({ type: 'unsupported-setting', setting, detail });
  }
}

