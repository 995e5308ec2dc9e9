import type { ChatRequest, ResponseFormat, Sampling, ToolChoice, ToolDefinition } from '../../core/chat-request.js';
import { GatewayError } from '../../core/errors.js';
import { decodeOpenAIChatMessages } from './decode-openai-chat-messages.js';
import { formatWireIssue } from '../_shared/format-wire-issue.js';
import { MODELLED_REQUEST_KEYS, openAIChatRequestSchema, type OpenAIChatRequestWire } from './openai-chat-wire.js';

/**
 * Validates and decodes a client's `POST /v1/chat/completions` body. A bad body throws
 * `GW_INVALID_REQUEST` naming the field (`messages[2].role: expected one of ...`).
 * Fields the canonical model does not carry are kept verbatim in `passthrough`.
 * `null` is read as "not set", as OpenAI does.
 */
export function decodeOpenAIChatRequest(body: unknown): ChatRequest {
  const result = openAIChatRequestSchema.safeParse(body);
  if (!result.success) {
    const first = result.error.issues[0];
    const issue = first ? formatWireIssue(first) : { path: 'body', message: 'invalid request' };
    throw new GatewayError('GW_INVALID_REQUEST', `${issue.path}: ${issue.message}`, { param: issue.path });
  }
  const wire = result.data;
  const request: ChatRequest = {
    model: wire.model,
    messages: decodeOpenAIChatMessages(wire.messages),
    sampling: decodeSampling(wire),
    stream: wire.stream === true,
  };
  if (wire.tools) request.tools = wire.tools.map(decodeTool);
  if (wire.tool_choice) request.toolChoice = decodeToolChoice(wire.tool_choice);
  if (typeof wire.parallel_tool_calls === 'boolean') request.parallelToolCalls = wire.parallel_tool_calls;
  if (wire.response_format) request.responseFormat = decodeResponseFormat(wire.response_format);
  if (typeof wire.stream_options?.include_usage === 'boolean') request.streamUsage = wire.stream_options.include_usage;
  if (typeof wire.reasoning_effort === 'string') request.reasoningEffort = wire.reasoning_effort;
  if (typeof wire.user === 'string') request.user = wire.user;
  if (wire.metadata) request.metadata = wire.metadata;
  const fields = collectPassthrough(wire);
  if (Object.keys(fields).length > 0) request.passthrough = { dialect: 'openai-chat', fields };
  return request;
}

function decodeSampling(wire: OpenAIChatRequestWire): Sampling {
  const sampling: Sampling = {};
  if (typeof wire.temperature === 'number') sampling.temperature = wire.temperature;
  if (typeof wire.top_p === 'number') sampling.topP = wire.top_p;
  // `max_completion_tokens` replaced `max_tokens`; when both are sent the newer one wins, as at OpenAI.
  const maxOutputTokens = wire.max_completion_tokens ?? wire.max_tokens;
  if (typeof maxOutputTokens === 'number') sampling.maxOutputTokens = maxOutputTokens;
  if (typeof wire.stop === 'string') sampling.stop = [wire.stop];
  else if (wire.stop) sampling.stop = wire.stop;
  if (typeof wire.seed === 'number') sampling.seed = wire.seed;
  if (typeof wire.presence_penalty === 'number') sampling.presencePenalty = wire.presence_penalty;
  if (typeof wire.frequency_penalty === 'number') sampling.frequencyPenalty = wire.frequency_penalty;
  if (typeof wire.n === 'number') sampling.choiceCount = wire.n;
  return sampling;
}

function decodeTool(tool: NonNullable<OpenAIChatRequestWire['tools']>[number]): ToolDefinition {
  // OpenAI: "Omitting parameters defines a function with an empty parameter list."
  const definition: ToolDefinition = {
    name: tool.function.name,
    parameters: tool.function.parameters ?? { type: 'object', properties: {} },
  };
  if (typeof tool.function.description === 'string') definition.description = tool.function.description;
  if (typeof tool.function.strict === 'boolean') definition.strict = tool.function.strict;
  return definition;
}

function decodeToolChoice(choice: NonNullable<OpenAIChatRequestWire['tool_choice']>): ToolChoice {
  if (typeof choice === 'string') return { type: choice };
  return { type: 'tool', toolName: choice.function.name };
}

function decodeResponseFormat(format: NonNullable<OpenAIChatRequestWire['response_format']>): ResponseFormat {
  if (format.type === 'text') return { type: 'text' };
  if (format.type === 'json_object') return { type: 'json-object' };
  const jsonSchema = format.json_schema;
  const decoded: ResponseFormat = { type: 'json-schema', name: jsonSchema.name, schema: jsonSchema.schema ?? {} };
  if (typeof jsonSchema.strict === 'boolean') decoded.strict = jsonSchema.strict;
  if (typeof jsonSchema.description === 'string') decoded.description = jsonSchema.description;
  return decoded;
}

function collectPassthrough(wire: OpenAIChatRequestWire): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(wire)) {
    if (!MODELLED_REQUEST_KEYS.has(key)) fields[key] = value;
  }
  // Only `include_usage` is modelled; other stream options (`include_obfuscation`) travel as given.
  if (wire.stream_options) {
    const { include_usage: _modelled, ...rest } = wire.stream_options;
    if (Object.keys(rest).length > 0) fields.stream_options = rest;
  }
  return fields;
}
