import type { ProviderConnection, ProviderType } from '../../config/index.js';
import { openaiChatDialect, openaiChatPassthrough, openaiEmbeddingsPassthrough } from '../../dialects/openai-chat/index.js';
import { withDialectQuirks, withPassthroughQuirks } from '../../dialects/with-dialect-quirks.js';
import type { DialectQuirks } from '../../dialects/with-dialect-quirks.js';
import type { Operation, ProviderAdapter, UpstreamEndpoint } from '../provider.js';

// Compatible servers speak Chat Completions; Responses requests reach them translated.
const PATHS: Partial<Record<Operation, string>> = { chat: '/chat/completions', embeddings: '/embeddings' };

/** Bearer-token auth plus the connection's own headers. */
export function bearerHeaders(connection: ProviderConnection): Record<string, string> {
  const headers: Record<string, string> = { ...connection.headers };
  if (connection.apiKey && !connection.apiKey.isEmpty()) headers.authorization = `Bearer ${connection.apiKey.reveal()}`;
  return headers;
}

/**
 * An adapter for any server speaking OpenAI's API under `baseUrl`; a vendor's `quirks`
 * apply to translated and passed-through chat alike.
 */
export function createOpenAIStyleAdapter(type: ProviderType, defaultBaseUrl: string | undefined, priceVendor?: string, quirks?: DialectQuirks): ProviderAdapter {
  return {
    type,
    priceVendor,
    dialect: quirks ? withDialectQuirks(openaiChatDialect, quirks) : openaiChatDialect,
    passthrough: { chat: quirks ? withPassthroughQuirks(openaiChatPassthrough, quirks) : openaiChatPassthrough, embeddings: openaiEmbeddingsPassthrough },
    endpoint(connection, operation): UpstreamEndpoint | undefined {
      const base = connection.baseUrl ?? defaultBaseUrl;
      const path = PATHS[operation];
      if (base === undefined || path === undefined) return undefined;
      return { url: `${base}${path}`, headers: bearerHeaders(connection) };
    },
  };
}
