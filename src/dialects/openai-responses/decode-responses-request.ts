import type { ChatMessage, ChatRequest, ResponseFormat, Sampling } from '../../core/chat-request.js';
import type { Warning } from '../../core/warning.js';
import { decodeResponsesInput } from './decode-responses-input.js';
import { decodeResponsesTools } from './decode-responses-tools.js';
import { invalidResponsesParam, parseResponsesWire } from './parse-responses-wire.js';
import {
  MODELLED_REQUEST_KEYS,
  responsesRequestSchema,
  type ResponsesRequestWire,
  type ResponsesTextFormatWire,
} from './responses-request-wire.js';

/** A decoded request and what the gateway could not carry over. */
export interface DecodedResponsesRequest {
  request: ChatRequest;
  /** Dropped hosted tools and history records; never empty without a reason. */
  warnings: Warning[];
}

/*
 * Fields whose meaning the gateway cannot give on another provider, and answering as if
 * they were absent would mislead: background runs are polled later, conversations and
 * prompt templates live in OpenAI's storage.
 */
const REFUSED_FIELDS: Record<string, string> = {
  background: 'background responses are not supported; send the request without "background"',
  conversation: 'conversation objects are not supported; continue with previous_response_id or send the history in input',
  prompt: 'stored prompt templates are not supported; send instructions and input instead',
};

/**
 * Validates and decodes a client's `POST /v1/responses` body. A bad body throws
 * `GW_INVALID_REQUEST` naming the field (`input[2].content[0].type: expected ...`).
 * `instructions` becomes a leading system message; `input` a string (one user message)
 * or items (decode-responses-input.ts). Unmodelled fields (`store`,
 * `previous_response_id`, `include`, `truncation`, `service_tier`, `prompt_cache_key`,
 * `reasoning.summary`, `text.verbosity`, ...) are kept verbatim in `passthrough`.
 * `null` reads as "not set", as at OpenAI.
 */
export function decodeResponsesRequest(body: unknown): DecodedResponsesRequest {
  const wire = parseResponsesWire(responsesRequestSchema, body);
  for (const [field, message] of Object.entries(REFUSED_FIELDS)) {
    const value = (wire as Record<string, unknown>)[field];
    if (value !== undefined && value !== null && value !== false) throw invalidResponsesParam(field, message);
  }
  const warnings: Warning[] = [];
  const messages: ChatMessage[] = [];
  // Empty instructions are no instructions: several providers refuse an empty system text.
  if (wire.instructions) messages.push({ role: 'system', content: [{ type: 'text', text: wire.instructions }] });
  if (wire.input !== undefined && wire.input !== null) messages.push(...decodeResponsesInput(wire.input, warnings));
  else if (!wire.previous_response_id) throw invalidResponsesParam('input', 'is required (expected a string or an array of input items)');

  const request: ChatRequest = { model: wire.model, messages, sampling: decodeSampling(wire), stream: wire.stream === true };
  // The Responses API always reports usage in its final event; there is nothing to opt into.
  if (request.stream) request.streamUsage = true;
  const { tools, toolChoice } = decodeResponsesTools(wire.tools, wire.tool_choice, warnings);
  if (tools) request.tools = tools;
  if (toolChoice) request.toolChoice = toolChoice;
  if (typeof wire.parallel_tool_calls === 'boolean') request.parallelToolCalls = wire.parallel_tool_calls;
  if (wire.text?.format) request.responseFormat = decodeResponseFormat(wire.text.format);
  if (typeof wire.reasoning?.effort === 'string') request.reasoningEffort = wire.reasoning.effort;
  if (typeof wire.user === 'string') request.user = wire.user;
  if (wire.metadata) request.metadata = wire.metadata;
  const fields = collectPassthrough(wire);
  if (Object.keys(fields).length > 0) request.passthrough = { dialect: 'openai-responses', fields };
  return { request, warnings };
}

function decodeSampling(wire: ResponsesRequestWire): Sampling {
  const sampling: Sampling = {};
  if (typeof wire.temperature === 'number') sampling.temperature = wire.temperature;
  if (typeof wire.top_p === 'number') sampling.topP = wire.top_p;
  if (typeof wire.max_output_tokens === 'number') sampling.maxOutputTokens = wire.max_output_tokens;
  return sampling;
}

function decodeResponseFormat(format: ResponsesTextFormatWire): ResponseFormat {
  if (format.type === 'text') return { type: 'text' };
  if (format.type === 'json_object') return { type: 'json-object' };
  const decoded: ResponseFormat = { type: 'json-schema', name: format.name, schema: format.schema };
  if (typeof format.strict === 'boolean') decoded.strict = format.strict;
  if (typeof format.description === 'string') decoded.description = format.description;
  return decoded;
}

function collectPassthrough(wire: ResponsesRequestWire): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(wire)) {
    if (!MODELLED_REQUEST_KEYS.has(key) && value !== undefined) fields[key] = value;
  }
  // Only `reasoning.effort` and `text.format` are modelled; siblings (`summary`, `verbosity`) travel as given.
  if (wire.reasoning) {
    const { effort: _modelled, ...rest } = wire.reasoning;
    if (Object.keys(rest).length > 0) fields.reasoning = rest;
  }
  if (wire.text) {
    const { format: _modelled, ...rest } = wire.text;
    if (Object.keys(rest).length > 0) fields.text = rest;
  }
  return fields;
}
