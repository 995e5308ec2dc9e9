import { GatewayError } from '../../core/errors.js';
import { Secret } from '../../core/secret.js';
import type { ProviderConnection } from '../../config/index.js';
import { encodeGeminiModelMethod, geminiDialect } from '../../dialects/gemini/index.js';
import {
  createGoogleServiceAccountSigner,
  parseGoogleServiceAccountJson,
  readGoogleServiceAccountFile,
  type GoogleServiceAccountCredentials,
} from '../../upstream/credentials/google-service-account-signer.js';
import type { ProviderAdapter } from '../provider.js';
import { buildVertexModelUrl } from './build-vertex-model-url.js';
import { isVertexClaudeModel, vertexClaudeDialect, vertexClaudeModelMethod, vertexClaudePassthrough } from './vertex-claude.js';

/**
 * Google Cloud Vertex AI: Gemini models (`publishers/google`) with the generateContent
 * body of the Gemini API, and Claude models (`publishers/anthropic`, `rawPredict`) with
 * Anthropic's Messages body (an Anthropic client's request passes through with only the
 * envelope changed). Auth is an OAuth bearer token from a service-account key
 * (`credentials_json`, else `credentials_file`) instead of an API key.
 * https://cloud.google.com/vertex-ai/generative-ai/docs/model-reference/inference
 */
export const vertexAdapter: ProviderAdapter = {
  type: 'vertex',
  dialect: geminiDialect,
  dialectFor: (model) => (isVertexClaudeModel(model) ? vertexClaudeDialect : undefined),
  // Used only when the dialect matches the caller's: Claude models for Anthropic clients.
  passthrough: { chat: vertexClaudePassthrough },
  endpoint(connection, operation, model, stream) {
    if (operation !== 'chat') return undefined;
    const url = isVertexClaudeModel(model)
      ? buildVertexModelUrl(connection, { publisher: 'anthropic', modelMethod: vertexClaudeModelMethod(model, stream) })
      : buildVertexModelUrl(connection, { publisher: 'google', modelMethod: encodeGeminiModelMethod(model, stream) });
    return { url, headers: { ...connection.headers } };
  },
  createSigner(connection) {
    return createGoogleServiceAccountSigner({ credentials: credentialsLoader(connection), provider: connection.name });
  },
};

/** Read at the first call, not at config load: a missing or bad key fails that call, not the reload. */
function credentialsLoader(connection: ProviderConnection): () => Promise<GoogleServiceAccountCredentials> {
  const json = connection.options.credentials_json;
  const file = connection.options.credentials_file;
  if (json instanceof Secret ? !json.isEmpty() : Boolean(json)) {
    const origin = `${connection.name}: credentials_json`;
    return async () => parseGoogleServiceAccountJson(json instanceof Secret ? json.reveal() : (json ?? ''), origin);
  }
  if (typeof file === 'string' && file !== '') return () => readGoogleServiceAccountFile(file);
  return () =>
    Promise.reject(
      new GatewayError('GW_UPSTREAM_AUTH', `${connection.name}: a vertex connection needs credentials_json or credentials_file`, {
        upstream: { provider: connection.name },
      }),
    );
}
