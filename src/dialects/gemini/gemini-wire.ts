import { z } from 'zod';

/*
 * Limited schemas of Google's generateContent wire format (Gemini API `v1beta` and
 * Vertex AI `v1`): only the fields the codecs read are declared, every object is loose so
 * unknown keys survive parsing. References:
 * https://ai.google.dev/api/generate-content#generatecontentresponse and the
 * `@google/genai` package's GenerateContentResponse, Part and UsageMetadata types.
 */

const functionCallSchema = z
  .object({
    id: z.string().nullish(),
    name: z.string(),
    args: z.record(z.string(), z.unknown()).nullish(),
  })
  .loose();

/** One `Part`: text (a thought when `thought` is true), a function call, or media we skip. */
const partSchema = z
  .object({
    text: z.string().nullish(),
    thought: z.boolean().nullish(),
    thoughtSignature: z.string().nullish(),
    functionCall: functionCallSchema.nullish(),
  })
  .loose();

const candidateSchema = z
  .object({
    index: z.number().int().nullish(),
    content: z
      .object({ role: z.string().nullish(), parts: z.array(partSchema).nullish() })
      .loose()
      .nullish(),
    finishReason: z.string().nullish(),
  })
  .loose();

/**
 * A `GenerateContentResponse`: the whole answer of `:generateContent`, and also each
 * `data:` event of `:streamGenerateContent?alt=sse`, where every event is a complete
 * response object carrying only the new parts.
 */
export const geminiResponseSchema = z
  .object({
    candidates: z.array(candidateSchema).nullish(),
    promptFeedback: z
      .object({ blockReason: z.string().nullish(), blockReasonMessage: z.string().nullish() })
      .loose()
      .nullish(),
    usageMetadata: z.unknown().optional(),
    modelVersion: z.string().nullish(),
    responseId: z.string().nullish(),
    /** Vertex AI only: RFC 3339 timestamp. */
    createTime: z.string().nullish(),
  })
  .loose();

export type GeminiResponseWire = z.infer<typeof geminiResponseSchema>;
export type GeminiCandidateWire = z.infer<typeof candidateSchema>;
export type GeminiPartWire = z.infer<typeof partSchema>;

/**
 * Google's error envelope (`google.rpc.Status` under `error`): `code` is the HTTP status,
 * `status` the canonical code name, `details` typed messages such as ErrorInfo and
 * RetryInfo. https://cloud.google.com/apis/design/errors#http_mapping
 */
export const googleErrorBodySchema = z
  .object({
    error: z
      .object({
        code: z.number().nullish(),
        message: z.string().nullish(),
        status: z.string().nullish(),
        details: z.array(z.unknown()).nullish(),
      })
      .loose(),
  })
  .loose();

export type GoogleErrorWire = z.infer<typeof googleErrorBodySchema>['error'];
