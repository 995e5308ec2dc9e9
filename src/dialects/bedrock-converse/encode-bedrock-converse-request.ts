import type { ChatRequest, ResponseFormat, Sampling, ToolDefinition } from '../../core/chat-request.js';
import type { Warning } from '../../core/warning.js';
import type { EncodedRequest, EncodeTarget } from '../dialect.js';
import { addUnsupportedWarning } from '../_shared/add-unsupported-warning.js';
import { encodeBedrockConverseMessages } from './encode-bedrock-converse-messages.js';

/**
 * Claude's extended-thinking budget per effort, in tokens (1024 is Anthropic's minimum).
 * https://docs.aws.amazon.com/bedrock/latest/userguide/claude-messages-extended-thinking.html
 */
const CLAUDE_THINKING_BUDGETS: Record<string, number> = { minimal: 1024, low: 1024, medium: 4096, high: 16384 };

/**
 * Canonical request -> Converse body, for `POST /model/{modelId}/converse` (or
 * `/converse-stream` when streaming; the model travels in the path, not the body).
 * - `toolChoice` none: tools are left out, unless the history holds tool blocks (Converse
 *   then requires `toolConfig`): tools are sent without a choice, with a warning.
 * - `responseFormat` json-schema -> `outputConfig.textFormat` (Bedrock structured outputs;
 *   models without it answer 400); json-object has no Converse form: warning.
 * - `reasoningEffort` -> Claude's `thinking` budget in `additionalModelRequestFields` when
 *   the model id names Claude; other models: warning. `none` sends nothing.
 * - Settings Converse has no field for (seed, penalties, n > 1, user, metadata, a false
 *   `parallelToolCalls`) become warnings. `bedrock-converse` passthrough fields are
 *   restored verbatim (modelled fields win); another dialect's become warnings.
 */
export function encodeBedrockConverseRequest(request: ChatRequest, target: EncodeTarget): EncodedRequest {
  const warnings: Warning[] = [];
  const { system, messages, hasToolBlocks } = encodeBedrockConverseMessages(request.messages, warnings);
  const body: Record<string, unknown> = { messages };
  if (system.length > 0) body.system = system;
  const inferenceConfig = encodeInferenceConfig(request.sampling, warnings);
  if (Object.keys(inferenceConfig).length > 0) body.inferenceConfig = inferenceConfig;
  const toolConfig = encodeToolConfig(request, hasToolBlocks, warnings);
  if (toolConfig) body.toolConfig = toolConfig;
  const outputConfig = encodeOutputConfig(request.responseFormat, warnings);
  if (outputConfig) body.outputConfig = outputConfig;
  const thinking = encodeReasoningEffort(request.reasoningEffort, target.model, warnings);
  if (thinking) body.additionalModelRequestFields = { thinking };
  if (request.parallelToolCalls === false) addUnsupportedWarning(warnings, 'parallel_tool_calls', 'Converse cannot forbid parallel tool calls');
  if (request.user !== undefined) addUnsupportedWarning(warnings, 'user', 'Converse has no end-user field');
  if (request.metadata !== undefined) addUnsupportedWarning(warnings, 'metadata', 'Converse has no free-form metadata for the model');
  restorePassthrough(request, body, warnings);
  const operation = request.stream ? 'converse-stream' : 'converse';
  return { path: `/model/${encodeURIComponent(target.model)}/${operation}`, body, warnings };
}

function encodeInferenceConfig(sampling: Sampling, warnings: Warning[]): Record<string, unknown> {
  const config: Record<string, unknown> = {};
  if (sampling.maxOutputTokens !== undefined) config.maxTokens = sampling.maxOutputTokens;
  if (sampling.temperature !== undefined) config.temperature = sampling.temperature;
  if (sampling.topP !== undefined) config.topP = sampling.topP;
  if (sampling.stop !== undefined && sampling.stop.length > 0) config.stopSequences = sampling.stop;
  if (sampling.seed !== undefined) addUnsupportedWarning(warnings, 'seed', 'Converse has no seed');
  if (sampling.presencePenalty !== undefined) addUnsupportedWarning(warnings, 'presence_penalty', 'Converse has no presence penalty');
  if (sampling.frequencyPenalty !== undefined) addUnsupportedWarning(warnings, 'frequency_penalty', 'Converse has no frequency penalty');
  if (sampling.choiceCount !== undefined && sampling.choiceCount > 1) addUnsupportedWarning(warnings, 'n', 'Converse generates one answer per request');
  return config;
}

function encodeToolConfig(request: ChatRequest, hasToolBlocks: boolean, warnings: Warning[]): Record<string, unknown> | undefined {
  const tools = request.tools ?? [];
  const choice = request.toolChoice;
  if (tools.length === 0) {
    if (choice !== undefined && choice.type !== 'none' && choice.type !== 'auto') addUnsupportedWarning(warnings, 'tool_choice', 'a tool choice without tools cannot be sent');
    return undefined;
  }
  if (choice?.type === 'none') {
    if (!hasToolBlocks) return undefined;
    addUnsupportedWarning(warnings, 'tool_choice', 'Converse has no "none" choice and needs the tools for the tool calls in the history; the model may still call one');
  }
  const config: Record<string, unknown> = { tools: tools.map(encodeTool) };
  if (choice?.type === 'auto') config.toolChoice = { auto: {} };
  else if (choice?.type === 'required') config.toolChoice = { any: {} };
  else if (choice?.type === 'tool') config.toolChoice = { tool: { name: choice.toolName } };
  return config;
}

function encodeTool(tool: ToolDefinition): Record<string, unknown> {
  const spec: Record<string, unknown> = { name: tool.name };
  if (tool.description !== undefined) spec.description = tool.description;
  spec.inputSchema = { json: tool.parameters };
  if (tool.strict === true) spec.strict = true;
  return { toolSpec: spec };
}

function encodeOutputConfig(format: ResponseFormat | undefined, warnings: Warning[]): Record<string, unknown> | undefined {
  if (format === undefined || format.type === 'text') return undefined;
  if (format.type === 'json-object') {
    addUnsupportedWarning(warnings, 'response_format', 'Converse has no schema-less JSON mode; send a json_schema response format to constrain the answer');
    return undefined;
  }
  const jsonSchema: Record<string, unknown> = { schema: JSON.stringify(format.schema), name: format.name };
  if (format.description !== undefined) jsonSchema.description = format.description;
  return { textFormat: { type: 'json_schema', structure: { jsonSchema } } };
}

function encodeReasoningEffort(effort: string | undefined, model: string, warnings: Warning[]): Record<string, unknown> | undefined {
  if (effort === undefined || effort === 'none') return undefined;
  if (!model.includes('anthropic.claude')) {
    addUnsupportedWarning(warnings, 'reasoning_effort', 'sent to Claude models only on Converse; other models take model-specific fields');
    return undefined;
  }
  const budget = Object.hasOwn(CLAUDE_THINKING_BUDGETS, effort) ? CLAUDE_THINKING_BUDGETS[effort] : undefined;
  if (budget === undefined) {
    addUnsupportedWarning(warnings, 'reasoning_effort', `"${effort}" has no Claude thinking budget (known: ${Object.keys(CLAUDE_THINKING_BUDGETS).join(', ')}, none)`);
    return undefined;
  }
  return { type: 'enabled', budget_tokens: budget };
}

function restorePassthrough(request: ChatRequest, body: Record<string, unknown>, warnings: Warning[]): void {
  const passthrough = request.passthrough;
  if (!passthrough) return;
  if (passthrough.dialect !== 'bedrock-converse') {
    for (const key of Object.keys(passthrough.fields)) {
      addUnsupportedWarning(warnings, key, `${passthrough.dialect} field has no bedrock-converse equivalent`);
    }
    return;
  }
  for (const [key, value] of Object.entries(passthrough.fields)) if (!(key in body)) body[key] = value;
}
