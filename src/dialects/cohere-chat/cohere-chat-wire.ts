import { z } from 'zod';

/*
 * Limited schemas of Cohere's v2 Chat API (`POST /v2/chat`): only the fields the codecs
 * read, every object loose so unknown keys survive. Reference:
 * https://docs.cohere.com/reference/chat, https://docs.cohere.com/reference/chat-stream
 * and the `cohere-ai` npm package's serialization/types (V2ChatResponse,
 * V2ChatStreamResponse, Usage).
 */

/** `usage` of a complete answer and of the stream's `message-end`. */
export const cohereUsageSchema = z
  .object({
    billed_units: z.object({ input_tokens: z.number().nullish(), output_tokens: z.number().nullish() }).loose().nullish(),
    tokens: z.object({ input_tokens: z.number().nullish(), output_tokens: z.number().nullish() }).loose().nullish(),
    cached_tokens: z.number().nullish(),
  })
  .loose();

export type CohereUsageWire = z.infer<typeof cohereUsageSchema>;

const toolCallSchema = z
  .object({
    id: z.string().nullish(),
    type: z.string().nullish(),
    function: z.object({ name: z.string().nullish(), arguments: z.string().nullish() }).loose().nullish(),
  })
  .loose();

export type CohereToolCallWire = z.infer<typeof toolCallSchema>;

/** One item of an answer's `content`: text, or a reasoning model's thinking. */
const contentItemSchema = z
  .object({ type: z.string(), text: z.string().nullish(), thinking: z.string().nullish() })
  .loose();

/** A complete (non-streamed) `/v2/chat` answer. */
export const cohereChatResponseSchema = z
  .object({
    id: z.string().nullish(),
    finish_reason: z.string().nullish(),
    message: z
      .object({
        content: z.array(contentItemSchema).nullish(),
        tool_plan: z.string().nullish(),
        tool_calls: z.array(toolCallSchema).nullish(),
      })
      .loose(),
    usage: cohereUsageSchema.nullish(),
  })
  .loose();

export type CohereChatResponseWire = z.infer<typeof cohereChatResponseSchema>;

/** `message-start` opens with empty lists where later events put one item. */
function singleOrEmptyList<T extends z.ZodType>(item: T) {
  return z.union([item, z.array(z.unknown()).max(0)]);
}

/**
 * One streamed event (the JSON of an SSE `data:` line); `type` names it. The payload sits
 * under `delta.message` (content, tool_plan, tool_calls) or directly under `delta`
 * (message-end's finish_reason, usage and error). `tool_calls` is a single call, not a list.
 */
export const cohereStreamEventSchema = z
  .object({
    type: z.string().nullish(),
    id: z.string().nullish(),
    index: z.number().int().nullish(),
    delta: z
      .object({
        message: z
          .object({
            content: singleOrEmptyList(
              z.object({ type: z.string().nullish(), text: z.string().nullish(), thinking: z.string().nullish() }).loose(),
            ).nullish(),
            tool_plan: z.string().nullish(),
            tool_calls: singleOrEmptyList(toolCallSchema).nullish(),
          })
          .loose()
          .nullish(),
        finish_reason: z.string().nullish(),
        usage: cohereUsageSchema.nullish(),
        error: z.string().nullish(),
      })
      .loose()
      .nullish(),
  })
  .loose();

export type CohereStreamEventWire = z.infer<typeof cohereStreamEventSchema>;

/** Cohere's error body: `{"message": "..."}` (some gateways add an `id`). */
export const cohereErrorBodySchema = z.object({ message: z.string().nullish(), id: z.string().nullish() }).loose();
