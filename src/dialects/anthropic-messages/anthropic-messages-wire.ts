import { z } from 'zod';

/*
 * Limited schemas of what Anthropic's Messages API sends back: only the fields the
 * outbound codecs read, every object loose so fields added later survive parsing.
 * Reference: https://docs.anthropic.com/en/api/messages,
 * https://docs.anthropic.com/en/docs/build-with-claude/streaming and the
 * `@anthropic-ai/sdk` package's resources/messages type definitions.
 */

const count = z.number().nullish();

/** `usage` of a message, of `message_start` and (cumulative counts) of `message_delta`. */
export const anthropicUsageSchema = z
  .object({
    input_tokens: count,
    output_tokens: count,
    cache_creation_input_tokens: count,
    cache_read_input_tokens: count,
    output_tokens_details: z.object({ thinking_tokens: count }).loose().nullish(),
  })
  .loose();

export type AnthropicUsageWire = z.infer<typeof anthropicUsageSchema>;

/**
 * The content block kinds the gateway models, by `type`. Other kinds (server tool use,
 * web search results, container uploads...) have no canonical part and are skipped.
 */
export const anthropicContentBlockSchemas = {
  text: z.object({ type: z.literal('text'), text: z.string() }).loose(),
  tool_use: z.object({ type: z.literal('tool_use'), id: z.string(), name: z.string(), input: z.unknown() }).loose(),
  thinking: z.object({ type: z.literal('thinking'), thinking: z.string(), signature: z.string().nullish() }).loose(),
  redacted_thinking: z.object({ type: z.literal('redacted_thinking'), data: z.string() }).loose(),
} as const;

export type AnthropicBlockType = keyof typeof anthropicContentBlockSchemas;

/** Any content block: the kind is read first, then the block is checked against its schema. */
const anyBlockSchema = z.object({ type: z.string() }).loose();

/** A complete `message` object (`POST /v1/messages` without `stream`). */
export const anthropicMessageSchema = z
  .object({
    id: z.string().nullish(),
    type: z.literal('message', { error: 'expected "message"' }).optional(),
    model: z.string().nullish(),
    content: z.array(anyBlockSchema),
    stop_reason: z.string().nullish(),
    stop_sequence: z.string().nullish(),
    usage: anthropicUsageSchema.nullish(),
  })
  .loose();

export type AnthropicMessageWire = z.infer<typeof anthropicMessageSchema>;

/** `{"type": "error", "error": {"type", "message"}}`, as an error body and as a stream event. */
export const anthropicErrorBodySchema = z
  .object({
    error: z.object({ type: z.string().nullish(), message: z.string().nullish() }).loose(),
  })
  .loose();

/** Stream events by their `type`. Unknown event types are skipped, as Anthropic asks. */
export const anthropicStreamEventSchemas = {
  message_start: z
    .object({
      message: z.object({ id: z.string().nullish(), model: z.string().nullish(), usage: anthropicUsageSchema.nullish() }).loose(),
    })
    .loose(),
  content_block_start: z.object({ index: z.number().int(), content_block: anyBlockSchema }).loose(),
  content_block_delta: z
    .object({
      index: z.number().int(),
      delta: z
        .object({
          type: z.string(),
          text: z.string().nullish(),
          partial_json: z.string().nullish(),
          thinking: z.string().nullish(),
          signature: z.string().nullish(),
        })
        .loose(),
    })
    .loose(),
  content_block_stop: z.object({ index: z.number().int() }).loose(),
  message_delta: z
    .object({
      delta: z.object({ stop_reason: z.string().nullish(), stop_sequence: z.string().nullish() }).loose().nullish(),
      usage: anthropicUsageSchema.nullish(),
    })
    .loose(),
  error: anthropicErrorBodySchema,
} as const;

export type AnthropicStreamEventType = keyof typeof anthropicStreamEventSchemas;
export type AnthropicStreamEventWire<Type extends AnthropicStreamEventType> = z.infer<(typeof anthropicStreamEventSchemas)[Type]>;
