import type { ResponsesItemPrefix } from './derive-responses-ids.js';
import type { ResponsesToolKinds } from './read-responses-tool-kinds.js';

/** A canonical tool call, complete or (while streaming) as far as it has arrived. */
export interface ResponsesToolCallInput {
  toolCallId: string;
  toolName: string;
  argumentsJson: string;
}

/**
 * A canonical tool call -> its output item, shaped by how the client declared the tool
 * (readResponsesToolKinds): a `custom` tool's call is a `custom_tool_call` whose `input`
 * is the `input` string of the arguments decodeResponsesCustomTool asked for (the raw
 * arguments text when the model sent anything else, so nothing is lost); every other call
 * is a `function_call`. A namespaced tool gets its own name back plus `namespace`.
 * `itemId` gives the id for the item's prefix (`fc` or `ctc`).
 */
export function encodeResponsesToolCall(
  call: ResponsesToolCallInput,
  kinds: ResponsesToolKinds,
  itemId: (prefix: Extract<ResponsesItemPrefix, 'fc' | 'ctc'>) => string,
  status: 'in_progress' | 'completed' | 'incomplete',
): Record<string, unknown> {
  const kind = kinds.get(call.toolName);
  const name = kind?.name ?? call.toolName;
  const namespace = kind?.namespace === undefined ? {} : { namespace: kind.namespace };
  if (kind?.type === 'custom') {
    return { id: itemId('ctc'), type: 'custom_tool_call', status, call_id: call.toolCallId, name, ...namespace, input: readCustomInput(call.argumentsJson) };
  }
  return { id: itemId('fc'), type: 'function_call', status, arguments: call.argumentsJson, call_id: call.toolCallId, name, ...namespace };
}

function readCustomInput(argumentsJson: string): string {
  try {
    const parsed: unknown = JSON.parse(argumentsJson);
    if (parsed !== null && typeof parsed === 'object' && 'input' in parsed && typeof parsed.input === 'string') return parsed.input;
  } catch {
    // Not JSON: the model wrote the input itself, which is what the client wants anyway.
  }
  return argumentsJson;
}
