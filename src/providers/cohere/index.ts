import { cohereChatDialect } from '../../dialects/cohere-chat/index.js';
import { bearerHeaders } from '../openai-compatible/index.js';
import type { ProviderAdapter } from '../provider.js';

// The base includes the API version, as OpenAI's `/v1` does; the dialect's path is `/chat`.
const DEFAULT_BASE_URL = 'https://api.cohere.com/v2';

/**
 * Cohere's v2 API: its own chat wire (`cohere-chat`), bearer key. Embeddings (`/v2/embed`)
 * use another request shape and are not offered yet.
 * https://docs.cohere.com/reference/chat
 */
export const cohereAdapter: ProviderAdapter = {
  type: 'cohere',
  priceVendor: 'cohere',
  dialect: cohereChatDialect,
  endpoint(connection, operation) {
    if (operation !== 'chat') return undefined;
    return { url: `${connection.baseUrl ?? DEFAULT_BASE_URL}/chat`, headers: bearerHeaders(connection) };
  },
};
