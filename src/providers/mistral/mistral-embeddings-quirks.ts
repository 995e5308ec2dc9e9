import type { DialectQuirks } from '../../dialects/with-dialect-quirks.js';

/** Embedding request fields Mistral accepts; any other is a 422 (extra_forbidden). */
const ACCEPTED_FIELDS = new Set(['model', 'input', 'output_dimension', 'output_dtype', 'encoding_format', 'metadata']);

/**
 * Mistral's embeddings body on top of OpenAI's: `dimensions` is `output_dimension`, and
 * fields outside Mistral's schema (`user`) are not sent.
 * https://docs.mistral.ai/api/#tag/embeddings/operation/embeddings_v1_embeddings_post
 */
export const mistralEmbeddingsQuirks: DialectQuirks = {
  encodeBody(body, context) {
    const result: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(body)) {
      const name = key === 'dimensions' ? 'output_dimension' : key;
      if (ACCEPTED_FIELDS.has(name)) result[name] = value;
      else if (value !== null && value !== undefined) {
        context.warnings.push({ type: 'unsupported-setting', setting: key, detail: 'Mistral embeddings have no such field; it was not sent' });
      }
    }
    return result;
  },
};
