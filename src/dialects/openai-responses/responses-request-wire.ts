import { z } from 'zod';

/*
 * Limited schemas of OpenAI's Responses API request (`POST /v1/responses`): only the
 * fields the codecs read are declared, every object is loose so unknown keys survive.
 * Input items are validated one by one by their `type` (decode-responses-input.ts) so an
 * error names the exact item. Reference: https://platform.openai.com/docs/api-reference/responses
 * and the `openai` npm package's resources/responses/responses.d.ts.
 */

function unionError(message: string) {
  return { error: (issue: { code?: string }) => (issue.code === 'invalid_union' ? message : undefined) };
}

const jsonObject = z.record(z.string(), z.unknown());

/** An input item before its type is known: any object. */
const looseItemSchema = z.object({ type: z.string().nullish(), role: z.string().nullish() }).loose();

const textFormatSchema = z.discriminatedUnion(
  'type',
  [
    z.object({ type: z.literal('text') }).loose(),
    z.object({ type: z.literal('json_object') }).loose(),
    z
      .object({
        type: z.literal('json_schema'),
        name: z.string(),
        schema: jsonObject,
        description: z.string().nullish(),
        strict: z.boolean().nullish(),
      })
      .loose(),
  ],
  unionError('expected one of text, json_object, json_schema'),
);

const toolChoiceSchema = z.union(
  [
    z.enum(['none', 'auto', 'required']),
    z.object({ type: z.string(), name: z.string().nullish(), mode: z.string().nullish(), tools: z.array(looseItemSchema).nullish() }).loose(),
  ],
  unionError('expected "none", "auto", "required" or an object with a "type"'),
);

/** `POST /v1/responses` body, as a client sends it. */
export const responsesRequestSchema = z
  .object({
    model: z.string().min(1, 'must not be empty'),
    input: z.union([z.string(), z.array(looseItemSchema)], unionError('expected a string or an array of input items')).nullish(),
    instructions: z.string().nullish(),
    tools: z.array(looseItemSchema).nullish(),
    tool_choice: toolChoiceSchema.nullish(),
    parallel_tool_calls: z.boolean().nullish(),
    temperature: z.number().nullish(),
    top_p: z.number().nullish(),
    max_output_tokens: z.number().int().nullish(),
    reasoning: z.object({ effort: z.string().nullish() }).loose().nullish(),
    text: z.object({ format: textFormatSchema.nullish() }).loose().nullish(),
    stream: z.boolean().nullish(),
    user: z.string().nullish(),
    metadata: z.record(z.string(), z.string()).nullish(),
    // Read for validation and by readResponsesConversation; they travel in passthrough.
    store: z.boolean().nullish(),
    previous_response_id: z.string().min(1, 'must not be empty').nullish(),
  })
  .loose();

export type ResponsesRequestWire = z.infer<typeof responsesRequestSchema>;
export type ResponsesToolChoiceWire = NonNullable<ResponsesRequestWire['tool_choice']>;
export type ResponsesTextFormatWire = z.infer<typeof textFormatSchema>;

/** The request keys the canonical model carries; everything else is passthrough. */
export const MODELLED_REQUEST_KEYS: ReadonlySet<string> = new Set([
  'model',
  'input',
  'instructions',
  'tools',
  'tool_choice',
  'parallel_tool_calls',
  'temperature',
  'top_p',
  'max_output_tokens',
  'reasoning',
  'text',
  'stream',
  'user',
  'metadata',
]);

export const functionToolSchema = z
  .object({
    type: z.literal('function'),
    name: z.string().min(1, 'must not be empty'),
    description: z.string().nullish(),
    parameters: jsonObject.nullish(),
    strict: z.boolean().nullish(),
  })
  .loose();

const inputTextPartSchema = z.object({ type: z.literal('input_text'), text: z.string() }).loose();
const outputTextPartSchema = z.object({ type: z.literal('output_text'), text: z.string() }).loose();
const refusalPartSchema = z.object({ type: z.literal('refusal'), refusal: z.string() }).loose();
const inputImagePartSchema = z
  .object({ type: z.literal('input_image'), image_url: z.string().nullish(), file_id: z.string().nullish(), detail: z.string().nullish() })
  .loose();
const inputFilePartSchema = z
  .object({
    type: z.literal('input_file'),
    file_data: z.string().nullish(),
    file_id: z.string().nullish(),
    file_url: z.string().nullish(),
    filename: z.string().nullish(),
  })
  .loose();

const contentPartSchema = z.discriminatedUnion(
  'type',
  [inputTextPartSchema, outputTextPartSchema, refusalPartSchema, inputImagePartSchema, inputFilePartSchema],
  unionError('expected one of input_text, input_image, input_file, output_text, refusal'),
);

export type ResponsesContentPartWire = z.infer<typeof contentPartSchema>;

export const messageItemSchema = z
  .object({
    type: z.literal('message').nullish(),
    role: z.enum(['user', 'assistant', 'system', 'developer']),
    content: z.union([z.string(), z.array(contentPartSchema)], unionError('expected a string or an array of content parts')),
  })
  .loose();

/** `custom` tool: free-form text input, optionally constrained by a grammar. */
export const customToolSchema = z
  .object({
    type: z.literal('custom'),
    name: z.string().min(1, 'must not be empty'),
    description: z.string().nullish(),
    format: z
      .object({ type: z.string(), syntax: z.string().nullish(), definition: z.string().nullish() })
      .loose()
      .nullish(),
  })
  .loose();

export type ResponsesCustomToolWire = z.infer<typeof customToolSchema>;

/** `namespace` tool: function and custom tools grouped under one name (calls carry `namespace`). */
export const namespaceToolSchema = z
  .object({ type: z.literal('namespace'), name: z.string().min(1, 'must not be empty'), tools: z.array(looseItemSchema) })
  .loose();

const namespaceField = z.string().min(1, 'must not be empty').nullish();

export const functionCallItemSchema = z
  .object({
    type: z.literal('function_call'),
    call_id: z.string().min(1, 'must not be empty'),
    name: z.string(),
    arguments: z.string(),
    namespace: namespaceField,
  })
  .loose();

export const customToolCallItemSchema = z
  .object({
    type: z.literal('custom_tool_call'),
    call_id: z.string().min(1, 'must not be empty'),
    name: z.string(),
    input: z.string(),
    namespace: namespaceField,
  })
  .loose();

/** `function_call_output` and `custom_tool_call_output` share their shape. */
export const toolCallOutputItemSchema = z
  .object({
    type: z.enum(['function_call_output', 'custom_tool_call_output']),
    call_id: z.string().min(1, 'must not be empty'),
    output: z.union([z.string(), z.array(contentPartSchema)], unionError('expected a string or an array of content parts')),
  })
  .loose();

export const reasoningItemSchema = z
  .object({
    type: z.literal('reasoning'),
    summary: z.array(z.object({ text: z.string() }).loose()).nullish(),
    content: z.array(z.object({ text: z.string() }).loose()).nullish(),
    encrypted_content: z.string().nullish(),
  })
  .loose();
