import { generateKeyPairSync } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../core/errors.js';
import { Secret } from '../../core/secret.js';
import type { ProviderConnection } from '../../config/index.js';
import { buildVertexModelUrl } from './build-vertex-model-url.js';
import { vertexAdapter } from './index.js';

const connection = (options: ProviderConnection['options'], overrides: Partial<ProviderConnection> = {}): ProviderConnection => ({
  name: 'vertex-us',
  type: 'vertex',
  baseUrl: undefined,
  apiKey: undefined,
  timeoutMs: undefined,
  headers: { 'x-goog-user-project': 'billing-project' },
  maxConnections: undefined,
  streamUsage: true,
  options,
  ...overrides,
});

const REQUEST = { method: 'POST' as const, url: 'https://example.invalid', headers: { 'content-type': 'application/json' }, body: '{}' };

async function rejection(promise: Promise<unknown>): Promise<GatewayError> {
  const error = await promise.then(() => undefined, (caught: unknown) => caught);
  expect(error).toBeInstanceOf(GatewayError);
  return error as GatewayError;
}

describe('vertexAdapter', () => {
  it('builds regional and global publisher-model URLs, streaming over SSE', () => {
    expect(vertexAdapter.endpoint?.(connection({ project: 'my-proj', location: 'us-central1' }), 'chat', 'gemini-2.5-pro', false)).toEqual({
      url: 'https://us-central1-aiplatform.googleapis.com/v1/projects/my-proj/locations/us-central1/publishers/google/models/gemini-2.5-pro:generateContent',
      headers: { 'x-goog-user-project': 'billing-project' },
    });
    expect(vertexAdapter.endpoint?.(connection({ project: 'my-proj', location: 'global' }), 'chat', 'gemini-3-pro-preview', true)?.url).toBe(
      'https://aiplatform.googleapis.com/v1/projects/my-proj/locations/global/publishers/google/models/gemini-3-pro-preview:streamGenerateContent?alt=sse',
    );
    const custom = connection({ project: 'p', location: 'europe-west4' }, { baseUrl: 'https://psc.internal/v1' });
    expect(vertexAdapter.endpoint?.(custom, 'chat', 'gemini-2.5-flash', false)?.url).toBe(
      'https://psc.internal/v1/projects/p/locations/europe-west4/publishers/google/models/gemini-2.5-flash:generateContent',
    );
    expect(vertexAdapter.endpoint?.(connection({ project: 'p', location: 'us-central1' }), 'embeddings', 'text-embedding-005', false)).toBeUndefined();
    expect(vertexAdapter.priceVendor).toBeUndefined();
  });

  it('leaves a seam for other publishers (Claude on Vertex)', () => {
    expect(buildVertexModelUrl(connection({ project: 'p', location: 'us-east5' }), { publisher: 'anthropic', modelMethod: 'claude-sonnet-4@20250514:streamRawPredict' })).toBe(
      'https://us-east5-aiplatform.googleapis.com/v1/projects/p/locations/us-east5/publishers/anthropic/models/claude-sonnet-4@20250514:streamRawPredict',
    );
  });

  it('fails the call, not the config, when credentials are missing or malformed', async () => {
    const missing = await rejection(vertexAdapter.createSigner!(connection({ project: 'p', location: 'l' })).sign(REQUEST));
    expect([missing.code, missing.message]).toEqual(['GW_UPSTREAM_AUTH', 'vertex-us: a vertex connection needs credentials_json or credentials_file']);
    const malformed = await rejection(vertexAdapter.createSigner!(connection({ project: 'p', location: 'l', credentials_json: new Secret('{"private_key": "-----BEGIN') })).sign(REQUEST));
    expect(malformed.message).toBe('vertex-us: credentials_json is not JSON');
    const noFile = await rejection(vertexAdapter.createSigner!(connection({ project: 'p', location: 'l', credentials_file: '/nonexistent/sa.json' })).sign(REQUEST));
    expect(noFile.message).toBe('credentials file /nonexistent/sa.json cannot be read (ENOENT)');
  });

  it('signs with a token obtained for the service account in credentials_json', async () => {
    const server = createServer((request, response) => {
      request.resume();
      request.on('end', () => response.writeHead(200, { 'content-type': 'application/json' }).end('{"access_token":"ya29.vertex","expires_in":3599}'));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
      const key = {
        type: 'service_account',
        client_email: 'sa@p.iam.gserviceaccount.com',
        private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
        token_uri: `http://127.0.0.1:${(server.address() as AddressInfo).port}/token`,
      };
      const signer = vertexAdapter.createSigner!(connection({ project: 'p', location: 'l', credentials_json: new Secret(JSON.stringify(key)) }));
      expect(await signer.sign(REQUEST)).toEqual({ 'content-type': 'application/json', authorization: 'Bearer ya29.vertex' });
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
