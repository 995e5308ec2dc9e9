import { anthropicCountTokensPassthrough, anthropicMessagesDialect, anthropicMessagesPassthrough } from '../../dialects/anthropic-messages/index.js';
import type { ProviderAdapter } from '../provider.js';

const DEFAULT_BASE_URL = 'https://api.anthropic.com/v1';
// The only version of the Messages API: https://docs.anthropic.com/en/api/versioning
const DEFAULT_VERSION = '2023-06-01';

/**
 * Anthropic's own API: the key goes in `x-api-key` and every call names the API version
 * (`version` in the connection config, default 2023-06-01). Beta features are switched on
 * with an `anthropic-beta` entry in the connection's `headers`. Anthropic has no
 * embeddings endpoint.
 */
export const anthropicAdapter: ProviderAdapter = {
  type: 'anthropic',
  priceVendor: 'anthropic',
  dialect: anthropicMessagesDialect,
  passthrough: { chat: anthropicMessagesPassthrough, 'count-tokens': anthropicCountTokensPassthrough },
  endpoint(connection, operation) {
    if (operation !== 'chat' && operation !== 'count-tokens') return undefined;
    const base = (connection.baseUrl ?? DEFAULT_BASE_URL).replace(/\/+$/, '');
    const version = typeof connection.options.version === 'string' ? connection.options.version : DEFAULT_VERSION;
    const headers: Record<string, string> = { 'anthropic-version': version, ...connection.headers };
    if (connection.apiKey && !connection.apiKey.isEmpty()) headers['x-api-key'] = connection.apiKey.reveal();
    return { url: `${base}${operation === 'chat' ? '/messages' : '/messages/count_tokens'}`, headers };
  },
};
