import { z } from 'zod';

/*
 * Limited schemas of Amazon Bedrock's Converse wire format: only the fields the codecs
 * read are declared, every object is loose so unknown keys (Bedrock's `p` padding on
 * stream events, metrics, traces) survive parsing. Content blocks are unions written as
 * objects with exactly one member set. References:
 * https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Converse.html,
 * https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_ConverseStream.html
 * and @aws-sdk/client-bedrock-runtime's models_0.d.ts.
 */

const reasoningTextSchema = z.object({ text: z.string(), signature: z.string().optional() }).loose();

const contentBlockSchema = z
  .object({
    text: z.string().optional(),
    toolUse: z.object({ toolUseId: z.string(), name: z.string(), input: z.unknown() }).loose().optional(),
    reasoningContent: z
      .object({ reasoningText: reasoningTextSchema.optional(), redactedContent: z.string().optional() })
      .loose()
      .optional(),
  })
  .loose();

/** A Converse answer. `id` and `model` do not exist on this wire. */
export const converseResponseSchema = z
  .object({
    output: z.object({
      message: z.object({ role: z.string().optional(), content: z.array(contentBlockSchema) }).loose(),
    }).loose(),
    stopReason: z.string().optional(),
    usage: z.unknown().optional(),
  })
  .loose();

export type ConverseResponseWire = z.infer<typeof converseResponseSchema>;
export type ConverseContentBlockWire = z.infer<typeof contentBlockSchema>;

export const messageStartSchema = z.object({ role: z.string().optional() }).loose();

export const contentBlockStartSchema = z
  .object({
    contentBlockIndex: z.number().int().nonnegative(),
    start: z.object({ toolUse: z.object({ toolUseId: z.string(), name: z.string() }).loose().optional() }).loose().optional(),
  })
  .loose();

export const contentBlockDeltaSchema = z
  .object({
    contentBlockIndex: z.number().int().nonnegative(),
    delta: z
      .object({
        text: z.string().optional(),
        toolUse: z.object({ input: z.string() }).loose().optional(),
        reasoningContent: z
          .object({ text: z.string().optional(), signature: z.string().optional(), redactedContent: z.string().optional() })
          .loose()
          .optional(),
      })
      .loose(),
  })
  .loose();

export type ContentBlockDeltaWire = z.infer<typeof contentBlockDeltaSchema>;

export const contentBlockStopSchema = z.object({ contentBlockIndex: z.number().int().nonnegative() }).loose();

export const messageStopSchema = z.object({ stopReason: z.string().optional() }).loose();

export const metadataSchema = z.object({ usage: z.unknown().optional() }).loose();

/**
 * Error bodies: `{"message": "..."}` (restJson1), sometimes `Message`, and the error type
 * in `__type` or `code` when the `x-amzn-errortype` header is missing.
 */
export const bedrockErrorBodySchema = z
  .object({
    message: z.string().optional(),
    Message: z.string().optional(),
    __type: z.string().optional(),
    code: z.string().optional(),
  })
  .loose();
