import { openaiChatDialect, openaiChatPassthrough, openaiEmbeddingsPassthrough } from '../../dialects/openai-chat/index.js';
import type { ProviderAdapter } from '../provider.js';

// The newest GA data-plane version when this was written:
// https://learn.microsoft.com/azure/ai-services/openai/reference
const DEFAULT_API_VERSION = '2024-10-21';

/**
 * Azure OpenAI: the target's `model` is the deployment name, which goes in the path;
 * the key goes in `api-key`, not `Authorization`. `api_version: v1` selects Azure's
 * version-less v1 API, where the model travels in the body as with OpenAI.
 */
export const azureOpenAIAdapter: ProviderAdapter = {
  type: 'azure-openai',
  // Global deployments bill at OpenAI's list prices; regional ones need a target override.
  priceVendor: 'openai',
  dialect: openaiChatDialect,
  passthrough: { chat: openaiChatPassthrough, embeddings: openaiEmbeddingsPassthrough },
  endpoint(connection, operation, model) {
    const base = (connection.baseUrl ?? '').replace(/\/openai$/, '');
    const headers: Record<string, string> = { ...connection.headers };
    if (connection.apiKey) headers['api-key'] = connection.apiKey.reveal();
    // Responses requests reach Azure translated to chat completions.
    if (operation !== 'chat' && operation !== 'embeddings') return undefined;
    const suffix = operation === 'chat' ? '/chat/completions' : '/embeddings';
    const version = typeof connection.options.api_version === 'string' ? connection.options.api_version : DEFAULT_API_VERSION;
    if (version === 'v1') return { url: `${base}/openai/v1${suffix}`, headers };
    const deployment = encodeURIComponent(model);
    return { url: `${base}/openai/deployments/${deployment}${suffix}?api-version=${encodeURIComponent(version)}`, headers };
  },
};
