import { z } from 'zod';

/*
 * Limited schemas of the body clients send to `POST /v1/messages` (the inbound surface):
 * only the fields the surface reads are declared, every object is loose so unknown keys
 * (`cache_control`, `citations`, ...) survive parsing. Optional fields accept `null`,
 * as the official SDKs sometimes send it. Reference: https://docs.anthropic.com/en/api/messages
 * and the `@anthropic-ai/sdk` package's resources/messages type definitions.
 */

function unionError(expected: string, discriminator = 'type') {
  return {
    error: (issue: { code?: string; input?: unknown }) => {
      if (issue.code !== 'invalid_union') return undefined;
      const input = issue.input;
      const type = typeof input === 'object' && input !== null ? (input as Record<string, unknown>)[discriminator] : undefined;
      // Server-tool blocks (`server_tool_use`, `web_search_tool_result`, ...) land here too.
      return typeof type === 'string' ? `"${type}" is not supported here (expected one of ${expected})` : `expected one of ${expected}`;
    },
  };
}

const textBlockSchema = z.object({ type: z.literal('text'), text: z.string() }).loose();

const imageSourceSchema = z.discriminatedUnion(
  'type',
  [
    z.object({ type: z.literal('base64'), media_type: z.string(), data: z.string() }).loose(),
    z.object({ type: z.literal('url'), url: z.string() }).loose(),
    z.object({ type: z.literal('file'), file_id: z.string() }).loose(),
  ],
  unionError('base64, url, file'),
);

const imageBlockSchema = z.object({ type: z.literal('image'), source: imageSourceSchema }).loose();

const documentSourceSchema = z.discriminatedUnion(
  'type',
  [
    z.object({ type: z.literal('base64'), media_type: z.string(), data: z.string() }).loose(),
    z.object({ type: z.literal('url'), url: z.string() }).loose(),
    z.object({ type: z.literal('text'), media_type: z.string().nullish(), data: z.string() }).loose(),
    z.object({ type: z.literal('content'), content: z.unknown() }).loose(),
    z.object({ type: z.literal('file'), file_id: z.string() }).loose(),
  ],
  unionError('base64, url, text, content, file'),
);

const documentBlockSchema = z
  .object({ type: z.literal('document'), source: documentSourceSchema, title: z.string().nullish() })
  .loose();

const toolResultContentBlockSchema = z.discriminatedUnion(
  'type',
  [textBlockSchema, imageBlockSchema, documentBlockSchema],
  unionError('text, image, document'),
);

const toolResultBlockSchema = z
  .object({
    type: z.literal('tool_result'),
    tool_use_id: z.string(),
    content: z
      .union([z.string(), z.array(toolResultContentBlockSchema)], { error: 'expected a string or an array of content blocks' })
      .nullish(),
    is_error: z.boolean().nullish(),
  })
  .loose();

const thinkingBlockSchema = z
  .object({ type: z.literal('thinking'), thinking: z.string(), signature: z.string().nullish() })
  .loose();

const redactedThinkingBlockSchema = z.object({ type: z.literal('redacted_thinking'), data: z.string() }).loose();

const toolUseBlockSchema = z
  .object({
    type: z.literal('tool_use'),
    id: z.string(),
    name: z.string(),
    input: z.record(z.string(), z.unknown(), { error: 'expected an object' }),
  })
  .loose();

const userBlockSchema = z.discriminatedUnion(
  'type',
  [textBlockSchema, imageBlockSchema, documentBlockSchema, toolResultBlockSchema],
  unionError('text, image, document, tool_result'),
);

const assistantBlockSchema = z.discriminatedUnion(
  'type',
  [textBlockSchema, thinkingBlockSchema, redactedThinkingBlockSchema, toolUseBlockSchema],
  unionError('text, thinking, redacted_thinking, tool_use'),
);

const systemContentSchema = z.union([z.string(), z.array(textBlockSchema)], {
  error: (issue) => (issue.code === 'invalid_union' ? 'expected a string or an array of text blocks' : undefined),
});

const CONTENT_ERROR = {
  error: (issue: { code?: string }) => (issue.code === 'invalid_union' ? 'expected a string or an array of content blocks' : undefined),
};

const messageSchema = z.discriminatedUnion(
  'role',
  [
    z
      .object({
        role: z.literal('user'),
        content: z.union([z.string(), z.array(userBlockSchema)], CONTENT_ERROR),
      })
      .loose(),
    z
      .object({
        role: z.literal('assistant'),
        content: z.union([z.string(), z.array(assistantBlockSchema)], CONTENT_ERROR),
      })
      .loose(),
    // Recent SDK versions type a `system` turn inside `messages`; it decodes as a system message.
    z.object({ role: z.literal('system'), content: systemContentSchema }).loose(),
  ],
  unionError('user, assistant, system', 'role'),
);

const toolSchema = z
  .object({
    // Absent, null or "custom" for a client tool; anything else is an Anthropic-defined tool.
    type: z.string().nullish(),
    name: z.string().min(1, 'must not be empty'),
    description: z.string().nullish(),
    input_schema: z.record(z.string(), z.unknown(), { error: 'expected a JSON Schema object' }).nullish(),
    strict: z.boolean().nullish(),
  })
  .loose();

const toolChoiceSchema = z.discriminatedUnion(
  'type',
  [
    z.object({ type: z.literal('auto'), disable_parallel_tool_use: z.boolean().nullish() }).loose(),
    z.object({ type: z.literal('any'), disable_parallel_tool_use: z.boolean().nullish() }).loose(),
    z.object({ type: z.literal('tool'), name: z.string(), disable_parallel_tool_use: z.boolean().nullish() }).loose(),
    z.object({ type: z.literal('none') }).loose(),
  ],
  unionError('auto, any, tool, none'),
);

const thinkingSchema = z
  .object({
    type: z.string(),
    budget_tokens: z.number().int('must be an integer').positive('must be a positive integer').nullish(),
  })
  .loose();

const outputConfigSchema = z
  .object({
    effort: z.string().nullish(),
    format: z
      .object({
        type: z.literal('json_schema', { error: 'expected "json_schema"' }),
        schema: z.record(z.string(), z.unknown(), { error: 'expected a JSON Schema object' }),
      })
      .loose()
      .nullish(),
  })
  .loose();

/** `POST /v1/messages` body, as a client (Claude Code, `@anthropic-ai/sdk`) sends it. */
export const anthropicRequestSchema = z
  .object({
    model: z.string().min(1, 'must not be empty'),
    max_tokens: z
      .number({ error: (issue) => (issue.input === undefined ? 'is required (expected a positive integer)' : 'expected a positive integer') })
      .int('must be a positive integer')
      .positive('must be a positive integer'),
    messages: z.array(messageSchema).min(1, 'must contain at least one message'),
    system: systemContentSchema.nullish(),
    tools: z.array(toolSchema).nullish(),
    tool_choice: toolChoiceSchema.nullish(),
    temperature: z.number().nullish(),
    top_p: z.number().nullish(),
    stop_sequences: z.array(z.string()).nullish(),
    stream: z.boolean().nullish(),
    metadata: z.object({ user_id: z.string().nullish() }).loose().nullish(),
    thinking: thinkingSchema.nullish(),
    output_config: outputConfigSchema.nullish(),
  })
  .loose();

export type AnthropicRequestWire = z.infer<typeof anthropicRequestSchema>;
export type AnthropicMessageWire = AnthropicRequestWire['messages'][number];
export type AnthropicUserBlockWire = z.infer<typeof userBlockSchema>;
export type AnthropicAssistantBlockWire = z.infer<typeof assistantBlockSchema>;
export type AnthropicToolResultContentWire = z.infer<typeof toolResultContentBlockSchema>;
export type AnthropicToolWire = z.infer<typeof toolSchema>;
export type AnthropicToolChoiceWire = z.infer<typeof toolChoiceSchema>;

/**
 * Request keys the canonical model carries and that need not travel in `passthrough`.
 * `thinking` and `output_config` are decoded *and* kept (their exact values matter when
 * the target speaks Anthropic), except `output_config.format`, which `responseFormat`
 * carries whole; `metadata` keys other than `user_id` are kept.
 */
export const SURFACE_MODELLED_REQUEST_KEYS: ReadonlySet<string> = new Set([
  'model',
  'max_tokens',
  'messages',
  'system',
  'tools',
  'tool_choice',
  'temperature',
  'top_p',
  'stop_sequences',
  'stream',
  'metadata',
]);
