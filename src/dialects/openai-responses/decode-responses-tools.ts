import type { ToolChoice, ToolDefinition } from '../../core/chat-request.js';
import type { Warning } from '../../core/warning.js';
import { decodeResponsesCustomTool } from './decode-responses-custom-tool.js';
import { flattenResponsesToolName } from './flatten-responses-tool-name.js';
import { invalidResponsesParam, parseResponsesWire } from './parse-responses-wire.js';
import { customToolSchema, functionToolSchema, namespaceToolSchema, type ResponsesToolChoiceWire } from './responses-request-wire.js';

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
]);

export interface DecodedResponsesTools {
  tools?: ToolDefinition[];
  toolChoice?: ToolChoice;
}

type WireTool = Record<string, unknown>;

/**
 * Responses `tools` and `tool_choice` -> canonical. Every tool the client runs through a
 * call item it can answer is offered: `function` tools as they are, `custom` (free-form)
 * tools as functions of one string argument (decodeResponsesCustomTool), and the function
 * and custom tools of a `namespace` group under `<namespace>__<name>`
 * (flattenResponsesToolName; a name already taken at the top level wins, the namespaced
 * one is dropped with a warning). `defer_loading` is ignored: without tool search every
 * tool is offered directly. Dropped with a warning: hosted tools (`web_search`,
 * `file_search`, ...) that only run at OpenAI, `tool_search` (discovery of deferred tools,
 * pointless when all are offered), and client-run tools whose calls have no canonical
 * form (`local_shell`, `shell`, `apply_patch`, `computer_use_preview`). Forcing a dropped
 * tool with `tool_choice` is a 400, because the answer could not honour it.
 */
export function decodeResponsesTools(
  tools: readonly WireTool[] | null | undefined,
  choice: ResponsesToolChoiceWire | null | undefined,
  warnings: Warning[],
): DecodedResponsesTools {
  const decoded: DecodedResponsesTools = {};
  let definitions = tools ? decodeToolList(tools, warnings) : undefined;
  if (choice) {
    const { toolChoice, allowedNames } = decodeToolChoice(choice);
    if (allowedNames) definitions = (definitions ?? []).filter((tool) => allowedNames.has(tool.name));
    if (toolChoice.type === 'required' && !definitions?.length) {
      throw invalidResponsesParam('tool_choice', '"required" needs at least one function tool');
    }
    if (toolChoice.type === 'tool' && !definitions?.some((tool) => tool.name === toolChoice.toolName)) {
      const kind = typeof choice === 'object' && choice.type === 'custom' ? 'custom' : 'function';
      throw invalidResponsesParam('tool_choice.name', `no ${kind} tool named "${toolChoice.toolName}" in tools`);
    }
    decoded.toolChoice = toolChoice;
  }
  // An empty list (nothing but dropped tools) is left out: OpenAI-style APIs reject `tools: []`.
  if (definitions?.length) decoded.tools = definitions;
  else delete decoded.toolChoice;
  return decoded;
}

function decodeToolList(tools: readonly WireTool[], warnings: Warning[]): ToolDefinition[] {
  const definitions: ToolDefinition[] = [];
  const topLevel = new Set(tools.filter((tool) => tool.type === 'function' || tool.type === 'custom').map((tool) => tool.name));
  const namespaced = new Set<string>();
  tools.forEach((tool, index) => {
    const path = ['tools', index];
    if (tool.type === 'function' || tool.type === 'custom') {
      definitions.push(decodeCallableTool(tool, path, undefined, warnings));
      return;
    }
    if (tool.type !== 'namespace') {
      warnings.push(droppedToolWarning(String(tool.type), `tools[${index}]`));
      return;
    }
    const group = parseResponsesWire(namespaceToolSchema, tool, path);
    group.tools.forEach((inner, innerIndex) => {
      const setting = `tools[${index}].tools[${innerIndex}]`;
      if (inner.type !== 'function' && inner.type !== 'custom') {
        warnings.push(droppedToolWarning(String(inner.type), setting));
        return;
      }
      const definition = decodeCallableTool(inner, [...path, 'tools', innerIndex], group.name, warnings);
      if (topLevel.has(definition.name) || namespaced.has(definition.name)) {
        warnings.push({ type: 'unsupported-setting', setting, detail: `the name "${definition.name}" is already taken by another tool; dropped` });
        return;
      }
      namespaced.add(definition.name);
      definitions.push(definition);
    });
  });
  return definitions;
}

function decodeCallableTool(tool: WireTool, path: readonly PropertyKey[], namespace: string | undefined, warnings: Warning[]): ToolDefinition {
  if (tool.type === 'custom') {
    const wire = parseResponsesWire(customToolSchema, tool, path);
    if (wire.format?.type === 'grammar') {
      warnings.push({
        type: 'unsupported-setting',
        setting: `${formatPath(path)}.format`,
        detail: 'the grammar is shown to the model in the tool description; other providers cannot enforce it',
      });
    }
    return decodeResponsesCustomTool(wire, flattenResponsesToolName(wire.name, namespace));
  }
  const wire = parseResponsesWire(functionToolSchema, tool, path);
  // OpenAI: parameters may be null, meaning a function that takes no arguments.
  const name = flattenResponsesToolName(wire.name, namespace);
  const definition: ToolDefinition = { name, parameters: wire.parameters ?? { type: 'object', properties: {} } };
  if (typeof wire.description === 'string') definition.description = wire.description;
  if (typeof wire.strict === 'boolean') definition.strict = wire.strict;
  return definition;
}

function droppedToolWarning(type: string, setting: string): Warning {
  let detail = `"${type}" tools have no equivalent outside OpenAI (function, custom and namespace tools are translated); dropped`;
  if (HOSTED_TOOLS.has(type)) detail = `"${type}" is an OpenAI-hosted tool that other providers cannot run; dropped`;
  if (type === 'tool_search') detail = '"tool_search" discovers deferred tools; every declared tool is offered directly instead; dropped';
  return { type: 'unsupported-setting', setting, detail };
}

function decodeToolChoice(choice: ResponsesToolChoiceWire): { toolChoice: ToolChoice; allowedNames?: ReadonlySet<string> } {
  if (typeof choice === 'string') return { toolChoice: { type: choice } };
  if (choice.type === 'function' || choice.type === 'custom') {
    if (!choice.name) throw invalidResponsesParam('tool_choice.name', 'is required (expected string)');
    return { toolChoice: { type: 'tool', toolName: flattenResponsesToolName(choice.name, readNamespace(choice)) } };
  }
  if (choice.type === 'allowed_tools') {
    // Restricting the tool list is exactly what "allowed tools" asks for; the rest of the
    // list stays out of the prompt, so the answer honours the setting.
    if (choice.mode !== 'auto' && choice.mode !== 'required') throw invalidResponsesParam('tool_choice.mode', 'expected one of auto, required');
    const names = (choice.tools ?? [])
      .filter((tool) => (tool.type === 'function' || tool.type === 'custom') && typeof tool.name === 'string')
      .map((tool) => flattenResponsesToolName(tool.name as string, readNamespace(tool)));
    return { toolChoice: { type: choice.mode }, allowedNames: new Set(names) };
  }
  throw invalidResponsesParam(
    'tool_choice.type',
    `forcing the "${choice.type}" tool is not supported; only function and custom tools are translated`,
  );
}

function readNamespace(value: Record<string, unknown>): string | undefined {
  return typeof value.namespace === 'string' ? value.namespace : undefined;
}

function formatPath(path: readonly PropertyKey[]): string {
  return path.map((segment) => (typeof segment === 'number' ? `[${segment}]` : `.${String(segment)}`)).join('').slice(1);
}
