import { openaiChatDialect, openaiEmbeddingsPassthrough } from '../../dialects/openai-chat/index.js';
import { withDialectQuirks, withPassthroughQuirks } from '../../dialects/with-dialect-quirks.js';
import { bearerHeaders } from '../openai-compatible/index.js';
import type { ProviderAdapter } from '../provider.js';
import { mistralEmbeddingsQuirks } from './mistral-embeddings-quirks.js';
import { mistralQuirks } from './mistral-quirks.js';

const DEFAULT_BASE_URL = 'https://api.mistral.ai/v1';

/**
 * Mistral La Plateforme: OpenAI's chat and embeddings wire with Mistral's quirks (field
 * names, 9-character tool call ids, a closed request schema), bearer key. Chat is always
 * translated, never passed through: Mistral refuses unknown fields anyway, and its
 * answers (tool calls without `type`) must be rewritten for OpenAI clients.
 * https://docs.mistral.ai/api/
 */
export const mistralAdapter: ProviderAdapter = {
  type: 'mistral',
  priceVendor: 'mistral',
  dialect: withDialectQuirks(openaiChatDialect, mistralQuirks),
  passthrough: { embeddings: withPassthroughQuirks(openaiEmbeddingsPassthrough, mistralEmbeddingsQuirks) },
  endpoint(connection, operation) {
    if (operation !== 'chat' && operation !== 'embeddings') return undefined;
    const base = connection.baseUrl ?? DEFAULT_BASE_URL;
    return { url: `${base}${operation === 'chat' ? '/chat/completions' : '/embeddings'}`, headers: bearerHeaders(connection) };
  },
};
