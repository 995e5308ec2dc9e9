import { z } from 'zod';

/*
 * Limited schemas of OpenAI's Chat Completions wire format: only the fields the codecs
 * read are declared, every object is loose so unknown keys survive parsing.
 * Reference: https://platform.openai.com/docs/api-reference/chat and the `openai` npm
 * package's resources/chat/completions type definitions.
 */

function unionError(message: string) {
  return { error: (issue: { code?: string }) => (issue.code === 'invalid_union' ? message : undefined) };
}

const textPartSchema = z.object({ type: z.literal('text'), text: z.string() }).loose();

const imagePartSchema = z
  .object({
    type: z.literal('image_url'),
    image_url: z.object({ url: z.string(), detail: z.string().nullish() }).loose(),
  })
  .loose();

const inputAudioPartSchema = z
  .object({
    type: z.literal('input_audio'),
    input_audio: z.object({ data: z.string(), format: z.string() }).loose(),
  })
  .loose();

const filePartSchema = z
  .object({
    type: z.literal('file'),
    file: z
      .object({ file_data: z.string().nullish(), file_id: z.string().nullish(), filename: z.string().nullish() })
      .loose(),
  })
  .loose();

const refusalPartSchema = z.object({ type: z.literal('refusal'), refusal: z.string() }).loose();

const textContentSchema = z.union(
  [z.string(), z.array(textPartSchema)],
  unionError('expected a string or an array of text parts'),
);

const userPartSchema = z.discriminatedUnion(
  'type',
  [textPartSchema, imagePartSchema, inputAudioPartSchema, filePartSchema],
  unionError('expected one of text, image_url, input_audio, file'),
);

const assistantPartSchema = z.discriminatedUnion(
  'type',
  [textPartSchema, refusalPartSchema],
  unionError('expected one of text, refusal'),
);

const messageToolCallSchema = z
  .object({
    id: z.string(),
    type: z.literal('function', { error: 'expected "function" (custom tool calls are not supported)' }).optional(),
    function: z.object({ name: z.string(), arguments: z.string() }).loose(),
  })
  .loose();

const nameField = { name: z.string().nullish() };

const messageSchema = z.discriminatedUnion(
  'role',
  [
    z.object({ role: z.literal('system'), content: textContentSchema, ...nameField }).loose(),
    z.object({ role: z.literal('developer'), content: textContentSchema, ...nameField }).loose(),
    z
      .object({
        role: z.literal('user'),
        content: z.union([z.string(), z.array(userPartSchema)], unionError('expected a string or an array of content parts')),
        ...nameField,
      })
      .loose(),
    z
      .object({
        role: z.literal('assistant'),
        content: z
          .union([z.string(), z.array(assistantPartSchema)], unionError('expected a string, null or an array of text parts'))
          .nullish(),
        refusal: z.string().nullish(),
        reasoning_content: z.string().nullish(),
        tool_calls: z.array(messageToolCallSchema).nullish(),
        function_call: z.null({ error: 'legacy function_call is not supported; use tool_calls' }).optional(),
        ...nameField,
      })
      .loose(),
    z.object({ role: z.literal('tool'), content: textContentSchema, tool_call_id: z.string() }).loose(),
  ],
  {
    error: (issue: { code?: string; input?: unknown }) => {
      if (issue.code !== 'invalid_union') return undefined;
      const legacy = typeof issue.input === 'object' && issue.input !== null && 'role' in issue.input && issue.input.role === 'function';
      return legacy
        ? 'the legacy "function" role is not supported; use "tool"'
        : 'expected one of system, user, assistant, tool, developer';
    },
  },
);

const toolSchema = z
  .object({
    type: z.literal('function', { error: 'expected "function" (custom tools are not supported)' }),
    function: z
      .object({
        name: z.string(),
        description: z.string().nullish(),
        parameters: z.record(z.string(), z.unknown()).nullish(),
        strict: z.boolean().nullish(),
      })
      .loose(),
  })
  .loose();

const toolChoiceSchema = z.union(
  [
    z.enum(['none', 'auto', 'required']),
    z.object({ type: z.literal('function'), function: z.object({ name: z.string() }).loose() }).loose(),
  ],
  unionError('expected "none", "auto", "required" or {"type": "function", "function": {"name": ...}}'),
);

const responseFormatSchema = z.discriminatedUnion(
  'type',
  [
    z.object({ type: z.literal('text') }).loose(),
    z.object({ type: z.literal('json_object') }).loose(),
    z
      .object({
        type: z.literal('json_schema'),
        json_schema: z
          .object({
            name: z.string(),
            description: z.string().nullish(),
            schema: z.record(z.string(), z.unknown()).nullish(),
            strict: z.boolean().nullish(),
          })
          .loose(),
      })
      .loose(),
  ],
  unionError('expected one of text, json_object, json_schema'),
);

/** `POST /v1/chat/completions` body, as a client sends it. */
export const openAIChatRequestSchema = z
  .object({
    model: z.string().min(1, 'must not be empty'),
    messages: z.array(messageSchema).min(1, 'must contain at least one message'),
    tools: z.array(toolSchema).nullish(),
    tool_choice: toolChoiceSchema.nullish(),
    parallel_tool_calls: z.boolean().nullish(),
    temperature: z.number().nullish(),
    top_p: z.number().nullish(),
    max_tokens: z.number().int().nullish(),
    max_completion_tokens: z.number().int().nullish(),
    stop: z.union([z.string(), z.array(z.string())], unionError('expected a string or an array of strings')).nullish(),
    seed: z.number().int().nullish(),
    presence_penalty: z.number().nullish(),
    frequency_penalty: z.number().nullish(),
    n: z.number().int().nullish(),
    response_format: responseFormatSchema.nullish(),
    stream: z.boolean().nullish(),
    stream_options: z.object({ include_usage: z.boolean().nullish() }).loose().nullish(),
    reasoning_effort: z.string().nullish(),
    user: z.string().nullish(),
    metadata: z.record(z.string(), z.string()).nullish(),
  })
  .loose();

export type OpenAIChatRequestWire = z.infer<typeof openAIChatRequestSchema>;
export type OpenAIChatMessageWire = OpenAIChatRequestWire['messages'][number];
export type OpenAIUserPartWire = z.infer<typeof userPartSchema>;

/** The request keys the canonical model carries; everything else is passthrough. */
export const MODELLED_REQUEST_KEYS: ReadonlySet<string> = new Set(Object.keys(openAIChatRequestSchema.shape));

const openAIUsageSchema = z
  .object({
    prompt_tokens: z.number().nullish(),
    completion_tokens: z.number().nullish(),
    total_tokens: z.number().nullish(),
    prompt_tokens_details: z
      .object({ cached_tokens: z.number().nullish(), cache_write_tokens: z.number().nullish() })
      .loose()
      .nullish(),
    completion_tokens_details: z.object({ reasoning_tokens: z.number().nullish() }).loose().nullish(),
  })
  .loose();


/*
 * Answer content is a string for OpenAI; Mistral sends an array of chunks instead when a
 * model reasons (`reasoning_effort`, Magistral): `{"type": "thinking", "thinking":
 * [{"type": "text", ...}]}` beside `{"type": "text", "text": ...}`, in complete answers and
 * in stream deltas (where text after the thinking comes back as plain strings).
 * https://docs.mistral.ai/capabilities/reasoning/
 */
const responseContentChunkSchema = z
  .object({
    type: z.string(),
    text: z.string().nullish(),
    thinking: z.union([z.string(), z.array(z.object({ text: z.string().nullish() }).loose())]).nullish(),
  })
  .loose();

const responseContentSchema = z.union([z.string(), z.array(responseContentChunkSchema)], {
  error: (issue: { code?: string; input?: unknown }) =>
    issue.code === 'invalid_union' ? `expected a string or an array of content chunks, received ${describeType(issue.input)}` : undefined,
});

export type OpenAIResponseContentWire = z.infer<typeof responseContentSchema>;

function describeType(value: unknown): string {
  if (value === null) return 'null';
  return Array.isArray(value) ? 'array' : typeof value;
}

const responseToolCallSchema = z
  .object({
    id: z.string(),
    type: z.string().nullish(),
    function: z.object({ name: z.string(), arguments: z.string().nullish() }).loose(),
  })
  .loose();

/** A `chat.completion` object. Identity fields are optional: compatible servers omit them. */
export const openAIChatResponseSchema = z
  .object({
    id: z.string().nullish(),
    created: z.number().nullish(),
    model: z.string().nullish(),
    system_fingerprint: z.string().nullish(),
    choices: z.array(
      z
        .object({
          index: z.number().int().nullish(),
          message: z
            .object({
              content: responseContentSchema.nullish(),
              reasoning_content: z.string().nullish(),
              reasoning: z.string().nullish(),
              refusal: z.string().nullish(),
              tool_calls: z.array(responseToolCallSchema).nullish(),
            })
            .loose(),
          finish_reason: z.string().nullish(),
        })
        .loose(),
    ),
    usage: openAIUsageSchema.nullish(),
  })
  .loose();

export type OpenAIChatResponseWire = z.infer<typeof openAIChatResponseSchema>;

const chunkToolCallSchema = z
  .object({
    index: z.number().int().nullish(),
    id: z.string().nullish(),
    type: z.string().nullish(),
    function: z.object({ name: z.string().nullish(), arguments: z.string().nullish() }).loose().nullish(),
  })
  .loose();

/** A `chat.completion.chunk` object, one per SSE `data:` line. */
export const openAIChatChunkSchema = z
  .object({
    id: z.string().nullish(),
    created: z.number().nullish(),
    model: z.string().nullish(),
    choices: z
      .array(
        z
          .object({
            index: z.number().int().nullish(),
            delta: z
              .object({
                content: responseContentSchema.nullish(),
                reasoning_content: z.string().nullish(),
                reasoning: z.string().nullish(),
                refusal: z.string().nullish(),
                tool_calls: z.array(chunkToolCallSchema).nullish(),
              })
              .loose()
              .nullish(),
            finish_reason: z.string().nullish(),
          })
          .loose(),
      )
      .nullish(),
    usage: openAIUsageSchema.nullish(),
  })
  .loose();

export type OpenAIChatChunkWire = z.infer<typeof openAIChatChunkSchema>;
export type OpenAIChunkToolCallWire = z.infer<typeof chunkToolCallSchema>;
