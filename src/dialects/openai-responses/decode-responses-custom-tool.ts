import type { ToolDefinition } from '../../core/chat-request.js';
import type { ResponsesCustomToolWire } from './responses-request-wire.js';

const INPUT_DESCRIPTION = 'The raw input of this free-form tool, as plain text (not JSON).';

/**
 * A `custom` tool (free-form text input, optionally constrained by a lark or regex grammar)
 * -> a canonical function tool taking one string argument, `input`: function calling is
 * what every provider has. Other providers cannot enforce the grammar, so its definition
 * is appended to the description in a delimited note, for the model to follow. The
 * encoders turn calls of the tool back into `custom_tool_call` items carrying that string
 * (readResponsesToolKinds).
 */
export function decodeResponsesCustomTool(tool: ResponsesCustomToolWire, name: string): ToolDefinition {
  const notes = [tool.description, formatNote(tool.format)].filter((text): text is string => typeof text === 'string' && text !== '');
  const definition: ToolDefinition = {
    name,
    parameters: {
      type: 'object',
      properties: { input: { type: 'string', description: INPUT_DESCRIPTION } },
      required: ['input'],
      additionalProperties: false,
    },
  };
  if (notes.length > 0) definition.description = notes.join('\n\n');
  return definition;
}

function formatNote(format: ResponsesCustomToolWire['format']): string | undefined {
  if (format?.type !== 'grammar' || !format.definition) return undefined;
  const syntax = format.syntax ?? 'lark';
  const rule = syntax === 'regex' ? 'match this regular expression' : `follow this ${syntax} grammar`;
  return (
    `Input format: put the raw text (not JSON) in the "input" argument; it must ${rule}.\n` +
    `<grammar syntax="${syntax}">\n${format.definition.trimEnd()}\n</grammar>`
  );
}
