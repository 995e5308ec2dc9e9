import type { ChatRequest, ResponseFormat, ToolDefinition } from '../../core/chat-request.js';
import type { Warning } from '../../core/warning.js';
import type { EncodedRequest, EncodeTarget } from '../dialect.js';
import { addUnsupportedWarning } from '../_shared/add-unsupported-warning.js';
import { encodeCohereChatMessages } from './encode-cohere-chat-messages.js';
import { setIfDefined } from '../_shared/set-if-defined.js';

/** The effort word that means "do not think" (OpenAI's `none`). */
const NO_THINKING = new Set(['none']);

/**
 * Canonical request -> Cohere v2 `/chat` body (https://docs.cohere.com/reference/chat).
 * Sampling maps to Cohere's names (`p`, `stop_sequences`, `max_tokens`); `top_k` from any
 * dialect's passthrough goes out as `k`; a `cohere-chat` passthrough is restored verbatim.
 * What Cohere cannot express becomes a warning: `n`, `user`, `metadata`,
 * `parallel_tool_calls: false`, reasoning effort levels, other dialects' unknown fields.
 * Cohere always reports usage in the stream's `message-end`, so nothing asks for it.
 */
export function encodeCohereChatRequest(request: ChatRequest, target: EncodeTarget): EncodedRequest {
  const warnings: Warning[] = [];
  const body: Record<string, unknown> = { model: target.model, messages: encodeCohereChatMessages(request.messages, warnings) };
  encodeTools(request, body, warnings);
  const sampling = request.sampling;
  setIfDefined(body, 'temperature', sampling.temperature);
  setIfDefined(body, 'p', sampling.topP);
  setIfDefined(body, 'max_tokens', sampling.maxOutputTokens);
  setIfDefined(body, 'stop_sequences', sampling.stop);
  setIfDefined(body, 'seed', sampling.seed);
  setIfDefined(body, 'frequency_penalty', sampling.frequencyPenalty);
  setIfDefined(body, 'presence_penalty', sampling.presencePenalty);
  if (sampling.choiceCount !== undefined && sampling.choiceCount !== 1) {
    addUnsupportedWarning(warnings, 'n', 'Cohere generates one answer per request; one was generated');
  }
  if (request.responseFormat) setIfDefined(body, 'response_format', encodeResponseFormat(request.responseFormat));
  if (request.reasoningEffort !== undefined) body.thinking = encodeThinking(request.reasoningEffort, warnings);
  if (request.user !== undefined) addUnsupportedWarning(warnings, 'user', 'Cohere has no end-user field');
  if (request.metadata !== undefined) addUnsupportedWarning(warnings, 'metadata', 'Cohere has no request metadata field');
  restorePassthrough(request, body, warnings);
  if (request.stream) body.stream = true;
  return { path: '/chat', body, warnings };
}

/**
 * Tools in OpenAI's function shape. Cohere's `tool_choice` knows only `REQUIRED` and
 * `NONE`: a named tool is approximated by sending only that tool with `REQUIRED`, with a
 * warning. Per-tool `strict` becomes the request-wide `strict_tools`.
 */
function encodeTools(request: ChatRequest, body: Record<string, unknown>, warnings: Warning[]): void {
  let tools = request.tools;
  const choice = request.toolChoice;
  if (choice?.type === 'tool') {
    const named = tools?.filter((tool) => tool.name === choice.toolName) ?? [];
    if (named.length > 0) {
      tools = named;
      body.tool_choice = 'REQUIRED';
      addUnsupportedWarning(warnings, 'tool_choice', `Cohere cannot name a tool; only "${choice.toolName}" was offered, with tool_choice REQUIRED`);
    } else addUnsupportedWarning(warnings, 'tool_choice', `tool "${choice.toolName}" is not among the tools; tool_choice was not sent`);
  } else if (choice?.type === 'required') body.tool_choice = 'REQUIRED';
  else if (choice?.type === 'none') body.tool_choice = 'NONE';
  if (tools && tools.length > 0) {
    body.tools = tools.map(encodeTool);
    const strict = tools.filter((tool) => tool.strict === true).length;
    if (strict > 0) body.strict_tools = true;
    if (strict > 0 && strict < tools.length) addUnsupportedWarning(warnings, 'strict', 'Cohere applies strict tool schemas to all tools or none; all were made strict');
  }
  if (request.parallelToolCalls === false) {
    addUnsupportedWarning(warnings, 'parallel_tool_calls', 'Cohere cannot forbid parallel tool calls');
  }
}

function encodeTool(tool: ToolDefinition): Record<string, unknown> {
  const definition: Record<string, unknown> = { name: tool.name };
  if (tool.description !== undefined) definition.description = tool.description;
  definition.parameters = tool.parameters;
  return { type: 'function', function: definition };
}

/** JSON mode, optionally schema-constrained (https://docs.cohere.com/docs/structured-outputs). */
function encodeResponseFormat(format: ResponseFormat): Record<string, unknown> | undefined {
  if (format.type === 'text') return { type: 'text' };
  if (format.type === 'json-object') return { type: 'json_object' };
  return { type: 'json_object', json_schema: format.schema };
}

/**
 * Cohere's reasoning models think unless told not to, with an optional token budget
 * rather than effort levels (https://docs.cohere.com/docs/reasoning): `none` turns
 * thinking off; any other level turns it on without a budget, with a warning.
 */
function encodeThinking(effort: string, warnings: Warning[]): Record<string, unknown> {
  if (NO_THINKING.has(effort)) return { type: 'disabled' };
  addUnsupportedWarning(warnings, 'reasoning_effort', `Cohere has no effort levels; thinking was enabled without a budget instead of "${effort}"`);
  return { type: 'enabled' };
}

function restorePassthrough(request: ChatRequest, body: Record<string, unknown>, warnings: Warning[]): void {
  const passthrough = request.passthrough;
  if (!passthrough) return;
  for (const [key, value] of Object.entries(passthrough.fields)) {
    if (passthrough.dialect === 'cohere-chat') {
      if (!(key in body)) body[key] = value;
    } else if (key === 'top_k' && typeof value === 'number') {
      body.k = value;
    } else {
      addUnsupportedWarning(warnings, key, `${passthrough.dialect} field has no cohere-chat equivalent`);
    }
  }
}

