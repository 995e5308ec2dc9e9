import type { ChatRequest, ToolChoice, ToolDefinition } from '../../core/chat-request.js';
import { GatewayError } from '../../core/errors.js';
import type { Warning } from '../../core/warning.js';
import { addUnsupportedWarning } from '../_shared/add-unsupported-warning.js';
import { JSON_RESPONSE_TOOL_NAME, jsonResponseTool, withObjectType } from './json-response-tool.js';

type WireRecord = Record<string, unknown>;

/** The `tools` and `tool_choice` of an Anthropic body. */
export interface EncodedAnthropicTools {
  tools?: WireRecord[];
  toolChoice?: WireRecord;
  /**
   * Why the model is forced to call a tool, when it is. Extended thinking cannot be
   * combined with a forced tool choice (`any` or `tool`), so the caller drops thinking.
   */
  forcedBy?: string;
}

/**
 * Tools, tool choice, `parallelToolCalls` and `responseFormat` -> Anthropic. A JSON
 * response format is emulated with a reserved tool (see json-response-tool.ts): forced
 * when it is the only tool, or offered with the caller's tools under `any`, so the
 * model either calls one of them or answers in JSON. `parallelToolCalls: false` becomes
 * `disable_parallel_tool_use` on the tool choice.
 */
export function encodeAnthropicTools(request: ChatRequest, warnings: Warning[]): EncodedAnthropicTools {
  const tools = (request.tools ?? []).map((tool, index) => encodeTool(tool, index, warnings));
  const format = request.responseFormat;
  const choice = request.toolChoice;
  let encoded: EncodedAnthropicTools;
  if (format && format.type !== 'text' && choice?.type !== 'tool') {
    encoded = withJsonTool(tools, jsonResponseTool(format), choice, warnings);
  } else {
    if (format && format.type !== 'text') {
      addUnsupportedWarning(warnings, 'responseFormat', 'a JSON response format cannot be applied while tool_choice forces a tool; it was not sent');
    }
    encoded = withCallerChoice(tools, choice, warnings);
  }
  if (request.parallelToolCalls === false && encoded.tools) {
    const toolChoice = encoded.toolChoice ?? { type: 'auto' };
    if (toolChoice.type !== 'none') encoded.toolChoice = { ...toolChoice, disable_parallel_tool_use: true };
  }
  return encoded;
}

function encodeTool(tool: ToolDefinition, index: number, warnings: Warning[]): WireRecord {
  if (tool.name === JSON_RESPONSE_TOOL_NAME) {
    const param = `tools[${index}].name`;
    throw new GatewayError('GW_INVALID_REQUEST', `${param}: "${JSON_RESPONSE_TOOL_NAME}" is reserved by the gateway`, { param });
  }
  if (tool.strict === true) {
    // Strict tool schemas exist only on recent Claude models; older ones reject the field.
    addUnsupportedWarning(warnings, 'strict', 'strict tool schemas are not sent to Anthropic; arguments are not guaranteed to match');
  }
  const wire: WireRecord = { name: tool.name };
  if (tool.description !== undefined) wire.description = tool.description;
  wire.input_schema = withObjectType(tool.parameters);
  return wire;
}

function withJsonTool(tools: WireRecord[], jsonTool: WireRecord, choice: ToolChoice | undefined, warnings: Warning[]): EncodedAnthropicTools {
  const forcedBy = 'a JSON response format';
  if (tools.length === 0 || choice?.type === 'none') {
    return { tools: [jsonTool], toolChoice: { type: 'tool', name: JSON_RESPONSE_TOOL_NAME }, forcedBy };
  }
  if (choice?.type === 'required') {
    addUnsupportedWarning(warnings, 'toolChoice', 'with a JSON response format the model may answer in JSON instead of calling a tool');
  }
  return { tools: [...tools, jsonTool], toolChoice: { type: 'any' }, forcedBy };
}

function withCallerChoice(tools: WireRecord[], choice: ToolChoice | undefined, warnings: Warning[]): EncodedAnthropicTools {
  if (tools.length === 0) {
    if (choice?.type === 'required' || choice?.type === 'tool') {
      addUnsupportedWarning(warnings, 'toolChoice', 'the request offers no tools, so no tool choice was sent');
    }
    return {};
  }
  if (!choice) return { tools };
  switch (choice.type) {
    case 'auto':
    case 'none':
      return { tools, toolChoice: { type: choice.type } };
    case 'required':
      return { tools, toolChoice: { type: 'any' }, forcedBy: 'a required tool choice' };
    case 'tool':
      return { tools, toolChoice: { type: 'tool', name: choice.toolName }, forcedBy: 'a forced tool choice' };
  }
}
