import type { ToolChoice, ToolDefinition } from '../../core/chat-request.js';
import type { Warning } from '../../core/warning.js';
import { invalidResponsesParam, parseResponsesWire } from './parse-responses-wire.js';
import { functionToolSchema, type ResponsesToolChoiceWire } from './responses-request-wire.js';

/** Tools OpenAI runs on its own servers; no other provider can run them. */
const HOSTED_TOOLS: ReadonlySet<string> = new Set([
  'web_search',
  'web_search_preview',
  'web_search_preview_2025_03_11',
  'web_search_2025_08_26',
  'file_search',
  'code_interpreter',
  'image_generation',
  'mcp',
  'tool_search',
]);

export interface DecodedResponsesTools {
  tools?: ToolDefinition[];
  toolChoice?: ToolChoice;
}

/**
 * Responses `tools` and `tool_choice` -> canonical. Only `function` tools have a
 * canonical form. Every other tool is dropped with a warning: hosted ones
 * (`web_search`, `file_search`, ...) only run at OpenAI, and client-run ones without a
 * JSON schema (`custom` freeform tools, `local_shell`, `shell`, `apply_patch`,
 * `computer_use_preview`, `namespace`) have no equivalent elsewhere. The Codex CLI sends
 * `web_search` and a `custom` `apply_patch` tool by default and works without them (it
 * applies patches through its shell tool). Forcing such a tool with `tool_choice` is a 400,
 * because the answer could not honour it.
 */
export function decodeResponsesTools(
  tools: readonly Record<string, unknown>[] | null | undefined,
  choice: ResponsesToolChoiceWire | null | undefined,
  warnings: Warning[],
): DecodedResponsesTools {
  const decoded: DecodedResponsesTools = {};
  let definitions: ToolDefinition[] | undefined;
  if (tools) {
    definitions = [];
    tools.forEach((tool, index) => {
      if (tool.type === 'function') definitions!.push(decodeFunctionTool(tool, index));
      else warnings.push(droppedToolWarning(String(tool.type), index));
    });
  }
  if (choice) {
    const { toolChoice, allowedNames } = decodeToolChoice(choice);
    if (allowedNames) definitions = (definitions ?? []).filter((tool) => allowedNames.has(tool.name));
    if (toolChoice.type === 'required' && !definitions?.length) {
      throw invalidResponsesParam('tool_choice', '"required" needs at least one function tool');
    }
    if (toolChoice.type === 'tool' && !definitions?.some((tool) => tool.name === toolChoice.toolName)) {
      throw invalidResponsesParam('tool_choice.name', `no function tool named "${toolChoice.toolName}" in tools`);
    }
    decoded.toolChoice = toolChoice;
  }
  // An empty list (nothing but dropped tools) is left out: OpenAI-style APIs reject `tools: []`.
  if (definitions?.length) decoded.tools = definitions;
  else delete decoded.toolChoice;
  return decoded;
}

function decodeFunctionTool(tool: Record<string, unknown>, index: number): ToolDefinition {
  const wire = parseResponsesWire(functionToolSchema, tool, ['tools', index]);
  // OpenAI: parameters may be null, meaning a function that takes no arguments.
  const definition: ToolDefinition = { name: wire.name, parameters: wire.parameters ?? { type: 'object', properties: {} } };
  if (typeof wire.description === 'string') definition.description = wire.description;
  if (typeof wire.strict === 'boolean') definition.strict = wire.strict;
  return definition;
}

function droppedToolWarning(type: string, index: number): Warning {
  const detail = HOSTED_TOOLS.has(type)
    ? `"${type}" is an OpenAI-hosted tool that other providers cannot run; dropped`
    : `"${type}" tools have no equivalent outside OpenAI (only function tools are translated); dropped`;
  return { type: 'unsupported-setting', setting: `tools[${index}]`, detail };
}

function decodeToolChoice(choice: ResponsesToolChoiceWire): { toolChoice: ToolChoice; allowedNames?: ReadonlySet<string> } {
  if (typeof choice === 'string') return { toolChoice: { type: choice } };
  if (choice.type === 'function') {
    if (!choice.name) throw invalidResponsesParam('tool_choice.name', 'is required (expected string)');
    return { toolChoice: { type: 'tool', toolName: choice.name } };
  }
  if (choice.type === 'allowed_tools') {
    // Restricting the tool list is exactly what "allowed tools" asks for; the rest of the
    // list stays out of the prompt, so the answer honours the setting.
    if (choice.mode !== 'auto' && choice.mode !== 'required') throw invalidResponsesParam('tool_choice.mode', 'expected one of auto, required');
    const names = (choice.tools ?? []).filter((tool) => tool.type === 'function' && typeof tool.name === 'string').map((tool) => tool.name as string);
    return { toolChoice: { type: choice.mode }, allowedNames: new Set(names) };
  }
  throw invalidResponsesParam(
    'tool_choice.type',
    `forcing the "${choice.type}" tool is not supported; only function tools are translated`,
  );
}
