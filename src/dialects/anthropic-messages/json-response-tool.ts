import type { ResponseFormat } from '../../core/chat-request.js';

/**
 * The name of the tool that carries a JSON answer. Anthropic's Messages API has no
 * `response_format`; the gateway asks for JSON by offering this one tool and forcing the
 * model to call it, then decodes the call's `input` as the answer text (see README).
 * The name is reserved: a caller's tool may not use it.
 */
export const JSON_RESPONSE_TOOL_NAME = 'switchyard_json_response';

/** The tool definition that makes the model answer in the requested JSON shape. */
export function jsonResponseTool(format: Extract<ResponseFormat, { type: 'json-object' | 'json-schema' }>): Record<string, unknown> {
  if (format.type === 'json-object') {
    return {
      name: JSON_RESPONSE_TOOL_NAME,
      description: 'Give your complete answer by calling this tool with it as a JSON object.',
      input_schema: { type: 'object', additionalProperties: true },
    };
  }
  const described = format.description ? ` (${format.description})` : '';
  return {
    name: JSON_RESPONSE_TOOL_NAME,
    description: `Give your complete answer by calling this tool; its input is the answer, a JSON object "${format.name}"${described}.`,
    input_schema: withObjectType(format.schema),
  };
}

/** Anthropic requires `input_schema.type` to be `object`; a schema without a type gets it. */
export function withObjectType(schema: Record<string, unknown>): Record<string, unknown> {
  return schema.type === undefined ? { type: 'object', ...schema } : schema;
}
