import { encodeGeminiModelMethod, geminiDialect } from '../../dialects/gemini/index.js';
import type { ProviderAdapter } from '../provider.js';

const DEFAULT_BASE_URL = 'https://generativelanguage.googleapis.com/v1beta';

/**
 * Google AI Studio's Gemini API: `{base}/models/{model}:generateContent`, or
 * `:streamGenerateContent?alt=sse` for streams, with the key in `x-goog-api-key` (kept
 * out of the URL, where `?key=` would reach access logs).
 * https://ai.google.dev/api/generate-content
 *
 * Embeddings (`:batchEmbedContents`) take another body shape and have no codec yet, so
 * the type offers chat only.
 */
export const geminiAdapter: ProviderAdapter = {
  type: 'gemini',
  priceVendor: 'google',
  dialect: geminiDialect,
  endpoint(connection, operation, model, stream) {
    if (operation !== 'chat') return undefined;
    const base = connection.baseUrl ?? DEFAULT_BASE_URL;
    const headers: Record<string, string> = { ...connection.headers };
    if (connection.apiKey && !connection.apiKey.isEmpty()) headers['x-goog-api-key'] = connection.apiKey.reveal();
    return { url: `${base}/models/${encodeGeminiModelMethod(model, stream)}`, headers };
  },
};
