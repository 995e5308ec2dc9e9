import { z } from 'zod';

const INPUT_ERROR = 'expected a string or an array of strings';

/** `POST /v1/embeddings` body. Token-array inputs are refused before this schema runs. */
export const openAIEmbeddingsRequestSchema = z
  .object({
    model: z.string().min(1, 'must not be empty'),
    input: z.union([z.string(), z.array(z.string())], {
      error: (issue) => (issue.code === 'invalid_union' ? INPUT_ERROR : undefined),
    }),
    dimensions: z.number().int().positive().nullish(),
    encoding_format: z.enum(['float', 'base64']).nullish(),
    user: z.string().nullish(),
  })
  .loose();
