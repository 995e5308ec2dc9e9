import { openaiChatDialect, openaiChatPassthrough, openaiEmbeddingsPassthrough } from '../../dialects/openai-chat/index.js';
import { openaiResponsesPassthrough } from '../../dialects/openai-responses/index.js';
import { bearerHeaders } from '../openai-compatible/index.js';
import type { Operation, ProviderAdapter } from '../provider.js';

const DEFAULT_BASE_URL = 'https://api.openai.com/v1';
const PATHS: Partial<Record<Operation, string>> = { chat: '/chat/completions', embeddings: '/embeddings', responses: '/responses' };

/** OpenAI itself: bearer key plus the optional organization and project headers. */
export const openaiAdapter: ProviderAdapter = {
  type: 'openai',
  priceVendor: 'openai',
  dialect: openaiChatDialect,
  passthrough: { chat: openaiChatPassthrough, embeddings: openaiEmbeddingsPassthrough, responses: openaiResponsesPassthrough },
  endpoint(connection, operation) {
    const path = PATHS[operation];
    if (path === undefined) return undefined;
    const base = connection.baseUrl ?? DEFAULT_BASE_URL;
    const headers = bearerHeaders(connection);
    const { organization, project } = connection.options;
    if (typeof organization === 'string') headers['openai-organization'] = organization;
    if (typeof project === 'string') headers['openai-project'] = project;
    return { url: `${base}${path}`, headers };
  },
};
