import type { ChatRequest, ResponseFormat, ToolChoice, ToolDefinition } from '../../core/chat-request.js';
import type { Warning } from '../../core/warning.js';
import type { EncodedRequest, EncodeTarget } from '../dialect.js';
import { addUnsupportedWarning } from '../_shared/add-unsupported-warning.js';
import { encodeOpenAIChatMessages } from './encode-openai-chat-messages.js';
import { setIfDefined } from '../_shared/set-if-defined.js';

/**
 * Canonical request -> OpenAI Chat Completions body for one deployment. Passthrough
 * fields of an `openai-chat` request are restored verbatim (modelled fields win on a
 * clash); another dialect's passthrough fields cannot be sent and become warnings.
 * Streams always ask for usage (`stream_options.include_usage`), because the gateway
 * settles cost from it whether or not the caller asked to see it.
 * `maxOutputTokens` goes out as `max_completion_tokens`, the field OpenAI documents
 * today; servers that know only `max_tokens` rename it in a provider quirk.
 */
export function encodeOpenAIChatRequest(request: ChatRequest, target: EncodeTarget): EncodedRequest {
  const warnings: Warning[] = [];
  const body: Record<string, unknown> = {
    model: target.model,
    messages: encodeOpenAIChatMessages(request.messages, warnings),
  };
  if (request.tools) body.tools = request.tools.map(encodeTool);
  if (request.toolChoice) body.tool_choice = encodeToolChoice(request.toolChoice);
  if (request.parallelToolCalls !== undefined) body.parallel_tool_calls = request.parallelToolCalls;
  const sampling = request.sampling;
  setIfDefined(body, 'temperature', sampling.temperature);
  setIfDefined(body, 'top_p', sampling.topP);
  setIfDefined(body, 'max_completion_tokens', sampling.maxOutputTokens);
  setIfDefined(body, 'stop', sampling.stop);
  setIfDefined(body, 'seed', sampling.seed);
  setIfDefined(body, 'presence_penalty', sampling.presencePenalty);
  setIfDefined(body, 'frequency_penalty', sampling.frequencyPenalty);
  setIfDefined(body, 'n', sampling.choiceCount);
  if (request.responseFormat) body.response_format = encodeResponseFormat(request.responseFormat);
  setIfDefined(body, 'reasoning_effort', request.reasoningEffort);
  setIfDefined(body, 'user', request.user);
  setIfDefined(body, 'metadata', request.metadata);

  const passthrough = request.passthrough;
  const ownFields = passthrough?.dialect === 'openai-chat' ? passthrough.fields : {};
  if (passthrough && passthrough.dialect !== 'openai-chat') {
    for (const key of Object.keys(passthrough.fields)) {
      addUnsupportedWarning(warnings, key, `${passthrough.dialect} field has no openai-chat equivalent`);
    }
  }
  for (const [key, value] of Object.entries(ownFields)) {
    if (key !== 'stream_options' && !(key in body)) body[key] = value;
  }
  if (request.stream) {
    body.stream = true;
    body.stream_options = { ...asRecord(ownFields.stream_options), include_usage: true };
  }
  return { path: '/chat/completions', body, warnings };
}

function encodeTool(tool: ToolDefinition): Record<string, unknown> {
  const definition: Record<string, unknown> = { name: tool.name };
  if (tool.description !== undefined) definition.description = tool.description;
  definition.parameters = tool.parameters;
  if (tool.strict !== undefined) definition.strict = tool.strict;
  return { type: 'function', function: definition };
}

function encodeToolChoice(choice: ToolChoice): unknown {
  if (choice.type === 'tool') return { type: 'function', function: { name: choice.toolName } };
  return choice.type;
}

function encodeResponseFormat(format: ResponseFormat): Record<string, unknown> {
  if (format.type === 'text') return { type: 'text' };
  if (format.type === 'json-object') return { type: 'json_object' };
  const jsonSchema: Record<string, unknown> = { name: format.name };
  if (format.description !== undefined) jsonSchema.description = format.description;
  jsonSchema.schema = format.schema;
  if (format.strict !== undefined) jsonSchema.strict = format.strict;
  return { type: 'json_schema', json_schema: jsonSchema };
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}
