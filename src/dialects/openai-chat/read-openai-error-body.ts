import { z } from 'zod';

/** OpenAI's error envelope; some compatible servers put a plain string in `error`. */
const openAIErrorBodySchema = z
  .object({
    error: z
      .union([
        z.string(),
        z
          .object({
            message: z.string().nullish(),
            type: z.string().nullish(),
            code: z.union([z.string(), z.number()]).nullish(),
            param: z.string().nullish(),
          })
          .loose(),
      ])
      .nullish(),
    message: z.string().nullish(),
    code: z.union([z.string(), z.number()]).nullish(),
  })
  .loose();

/** What an OpenAI-style error body says, before any mapping. */
export interface OpenAIErrorDetails {
  message?: string;
  type?: string;
  code?: string;
  param?: string;
}

/**
 * Reads `{"error": {"message", "type", "code", "param"}}`, and the looser shapes
 * compatible servers use (`{"error": "text"}`, vLLM's top-level `message`). Returns
 * `undefined` when the value carries no error.
 */
export function readOpenAIErrorBody(body: unknown): OpenAIErrorDetails | undefined {
  const result = openAIErrorBodySchema.safeParse(body);
  if (!result.success) return undefined;
  const wire = result.data;
  if (typeof wire.error === 'string') return { message: wire.error };
  if (wire.error) {
    const details: OpenAIErrorDetails = {};
    if (wire.error.message) details.message = wire.error.message;
    if (wire.error.type) details.type = wire.error.type;
    if (wire.error.code !== null && wire.error.code !== undefined) details.code = String(wire.error.code);
    if (wire.error.param) details.param = wire.error.param;
    return details;
  }
  if (wire.message) {
    const details: OpenAIErrorDetails = { message: wire.message };
    if (typeof wire.code === 'string') details.code = wire.code;
    return details;
  }
  return undefined;
}
