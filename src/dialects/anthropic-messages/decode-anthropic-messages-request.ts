import type { ChatRequest, ResponseFormat, Sampling, ToolChoice, ToolDefinition } from '../../core/chat-request.js';
import { GatewayError } from '../../core/errors.js';
import type { Warning } from '../../core/warning.js';
import { addUnsupportedWarning } from '../_shared/add-unsupported-warning.js';
import { formatWireIssue } from '../_shared/format-wire-issue.js';
import {
  anthropicRequestSchema,
  SURFACE_MODELLED_REQUEST_KEYS,
  type AnthropicRequestWire,
  type AnthropicToolChoiceWire,
  type AnthropicToolWire,
} from './anthropic-request-wire.js';
import { decodeAnthropicRequestMessages } from './decode-anthropic-request-messages.js';

/**
 * Manual extended thinking (`thinking.budget_tokens`) -> canonical effort, by inclusive
 * upper bound; above the last one is `high`. The bands invert the outbound budgets of
 * encode-anthropic-thinking.ts (low 2048, medium 8192, high 16384), so an effort that
 * went out as a budget comes back as the same effort.
 */
const EFFORT_BY_BUDGET: readonly (readonly [number, string])[] = [
  [2048, 'low'],
  [8192, 'medium'],
];

/**
 * Validates and decodes a client's `POST /v1/messages` body. A bad body throws
 * `GW_INVALID_REQUEST` naming the field (`messages[1].content[0].type: ...`), including
 * `max_tokens` (Anthropic requires it) and Anthropic-defined tools, which only Anthropic
 * can run. Fields the canonical model does not carry travel verbatim in `passthrough`;
 * per-block and per-tool details it drops (cache hints, citations...) become `warnings`.
 */
export function decodeAnthropicMessagesRequest(body: unknown, warnings: Warning[] = []): ChatRequest {
  const result = anthropicRequestSchema.safeParse(body);
  if (!result.success) {
    const first = result.error.issues[0];
    const issue = first ? formatWireIssue(first) : { path: 'body', message: 'invalid request' };
    throw invalid(issue.path, issue.message);
  }
  const wire = result.data;
  const stream = wire.stream === true;
  const request: ChatRequest = {
    model: wire.model,
    messages: decodeAnthropicRequestMessages(wire.system, wire.messages, warnings),
    sampling: decodeSampling(wire),
    stream,
  };
  // Anthropic streams always carry usage (message_start / message_delta).
  if (stream) request.streamUsage = true;
  if (wire.tools) request.tools = wire.tools.map((tool, index) => decodeTool(tool, `tools[${index}]`, warnings));
  if (wire.tool_choice) decodeToolChoice(wire.tool_choice, request);
  const reasoningEffort = decodeReasoningEffort(wire);
  if (reasoningEffort !== undefined) request.reasoningEffort = reasoningEffort;
  const responseFormat = decodeResponseFormat(wire);
  if (responseFormat) request.responseFormat = responseFormat;
  if (typeof wire.metadata?.user_id === 'string') request.user = wire.metadata.user_id;
  const fields = collectPassthrough(wire);
  if (Object.keys(fields).length > 0) request.passthrough = { dialect: 'anthropic-messages', fields };
  return request;
}

function decodeSampling(wire: AnthropicRequestWire): Sampling {
  const sampling: Sampling = { maxOutputTokens: wire.max_tokens };
  if (typeof wire.temperature === 'number') sampling.temperature = wire.temperature;
  if (typeof wire.top_p === 'number') sampling.topP = wire.top_p;
  if (wire.stop_sequences) sampling.stop = wire.stop_sequences;
  return sampling;
}

const DROPPED_TOOL_KEYS: Readonly<Record<string, string>> = {
  cache_control: 'prompt-cache hints on blocks are not carried through translation',
  input_examples: 'tool input examples are not carried through translation',
  defer_loading: 'deferred tool loading needs Anthropic tool search; the tool is always declared',
  allowed_callers: 'programmatic tool calling is Anthropic-only; the model calls the tool directly',
};

function decodeTool(tool: AnthropicToolWire, path: string, warnings: Warning[]): ToolDefinition {
  if (tool.type !== undefined && tool.type !== null && tool.type !== 'custom') {
    // Server tools (web_search, code_execution, ...) run inside Anthropic; Anthropic-defined
    // client tools (bash, text_editor, computer, memory) have schemas only Claude knows.
    throw invalid(
      `${path}.type`,
      `"${tool.type}" is an Anthropic-defined tool, which only Anthropic's API can run; it cannot be translated for another provider. Declare a custom tool (name, description, input_schema) instead`,
    );
  }
  if (!tool.input_schema) throw invalid(`${path}.input_schema`, 'is required (expected a JSON Schema object)');
  for (const [key, detail] of Object.entries(DROPPED_TOOL_KEYS)) {
    const value = (tool as Record<string, unknown>)[key];
    if (value !== undefined && value !== null && value !== false) addUnsupportedWarning(warnings, key, detail);
  }
  const definition: ToolDefinition = { name: tool.name, parameters: tool.input_schema };
  if (typeof tool.description === 'string') definition.description = tool.description;
  if (typeof tool.strict === 'boolean') definition.strict = tool.strict;
  return definition;
}

function decodeToolChoice(choice: AnthropicToolChoiceWire, request: ChatRequest): void {
  const toolChoice: ToolChoice =
    choice.type === 'any' ? { type: 'required' } : choice.type === 'tool' ? { type: 'tool', toolName: choice.name } : { type: choice.type };
  request.toolChoice = toolChoice;
  // Only `true` changes anything: `false` is Anthropic's default, and setting it would
  // make targets without the setting report a warning the caller never caused.
  if (choice.type !== 'none' && choice.disable_parallel_tool_use === true) request.parallelToolCalls = false;
}

function decodeReasoningEffort(wire: AnthropicRequestWire): string | undefined {
  const effort = wire.output_config?.effort;
  if (typeof effort === 'string') return effort;
  const thinking = wire.thinking;
  if (thinking?.type !== 'enabled') return undefined;
  const budget = thinking.budget_tokens;
  if (typeof budget !== 'number') throw invalid('thinking.budget_tokens', 'is required when thinking.type is "enabled"');
  return EFFORT_BY_BUDGET.find(([upTo]) => budget <= upTo)?.[1] ?? 'high';
}

function decodeResponseFormat(wire: AnthropicRequestWire): ResponseFormat | undefined {
  const format = wire.output_config?.format;
  if (!format) return undefined;
  // Anthropic's structured outputs guarantee the schema and carry no name; OpenAI needs one.
  return { type: 'json-schema', name: 'output', schema: format.schema, strict: true };
}

function collectPassthrough(wire: AnthropicRequestWire): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(wire)) {
    if (!SURFACE_MODELLED_REQUEST_KEYS.has(key)) fields[key] = value;
  }
  if (wire.metadata) {
    const { user_id: _modelled, ...rest } = wire.metadata;
    if (Object.keys(rest).length > 0) fields.metadata = rest;
  }
  // `format` is fully carried by `responseFormat`; kept here too, an Anthropic encoder
  // that renders the JSON format its own way would send it twice.
  if (wire.output_config?.format) {
    const { format: _modelled, ...rest } = wire.output_config;
    if (Object.keys(rest).length > 0) fields.output_config = rest;
    else delete fields.output_config;
  }
  return fields;
}

function invalid(param: string, reason: string): GatewayError {
  return new GatewayError('GW_INVALID_REQUEST', `${param}: ${reason}`, { param });
}
