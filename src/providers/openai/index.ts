import { openaiChatDialect, openaiChatPassthrough, openaiEmbeddingsPassthrough } from '../../dialects/openai-chat/index.js';
import { bearerHeaders } from '../openai-compatible/index.js';
import type { ProviderAdapter } from '../provider.js';

const DEFAULT_BASE_URL = 'https://api.openai.com/v1';

/** OpenAI itself: bearer key plus the optional organization and project headers. */
export const openaiAdapter: ProviderAdapter = {
  type: 'openai',
  priceVendor: 'openai',
  dialect: openaiChatDialect,
  passthrough: { chat: openaiChatPassthrough, embeddings: openaiEmbeddingsPassthrough },
  endpoint(connection, operation) {
    const base = connection.baseUrl ?? DEFAULT_BASE_URL;
    const headers = bearerHeaders(connection);
    const { organization, project } = connection.options;
    if (typeof organization === 'string') headers['openai-organization'] = organization;
    if (typeof project === 'string') headers['openai-project'] = project;
    return { url: `${base}${operation === 'chat' ? '/chat/completions' : '/embeddings'}`, headers };
  },
};
