import { generateKeyPairSync, verify, type KeyObject } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { GatewayError } from '../../core/errors.js';
import {
  createGoogleServiceAccountSigner,
  parseGoogleServiceAccountJson,
  readGoogleServiceAccountFile,
  type GoogleServiceAccountCredentials,
} from './google-service-account-signer.js';

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const PRIVATE_PEM = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const EMAIL = 'gateway@my-project.iam.gserviceaccount.com';
const REQUEST = { method: 'POST' as const, url: 'https://us-central1-aiplatform.googleapis.com/v1/x', headers: { 'content-type': 'application/json' }, body: '{}' };

interface Grant {
  header: Record<string, unknown>;
  claims: Record<string, unknown>;
}

/** A token endpoint on loopback that checks the JWT signature with the matching public key. */
class TokenServer {
  readonly grants: Grant[] = [];
  reply: (grant: Grant) => { status: number; body: unknown } = () => ({ status: 200, body: { access_token: `token-${this.grants.length}`, expires_in: 3600, token_type: 'Bearer' } });
  delayMs = 0;
  #server: Server | undefined;
  url = '';

  constructor(private readonly verifyKey: KeyObject) {}

  async start(): Promise<void> {
    this.#server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      request.on('end', () => {
        const form = new URLSearchParams(body);
        const [header = '', claims = '', signature = ''] = (form.get('assertion') ?? '').split('.');
        const valid =
          request.headers['content-type'] === 'application/x-www-form-urlencoded' &&
          form.get('grant_type') === 'urn:ietf:params:oauth:grant-type:jwt-bearer' &&
          verify('sha256', Buffer.from(`${header}.${claims}`), this.verifyKey, Buffer.from(signature, 'base64url'));
        if (!valid) {
          response.writeHead(400, { 'content-type': 'application/json' }).end('{"error":"invalid_grant","error_description":"Invalid JWT Signature."}');
          return;
        }
        const grant = { header: decode(header), claims: decode(claims) };
        this.grants.push(grant);
        const { status, body: replyBody } = this.reply(grant);
        setTimeout(() => response.writeHead(status, { 'content-type': 'application/json' }).end(typeof replyBody === 'string' ? replyBody : JSON.stringify(replyBody)), this.delayMs);
      });
    });
    await new Promise<void>((resolve) => this.#server?.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}/token`;
  }

  async stop(): Promise<void> {
    await new Promise((resolve) => this.#server?.close(resolve));
  }
}

function decode(segment: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(segment, 'base64url').toString('utf8')) as Record<string, unknown>;
}

const server = new TokenServer(publicKey);
beforeAll(() => server.start());
afterAll(() => server.stop());
beforeEach(() => {
  server.grants.length = 0;
  server.delayMs = 0;
  server.reply = (grant) => ({ status: 200, body: { access_token: `token-${server.grants.indexOf(grant) + 1}`, expires_in: 3600, token_type: 'Bearer' } });
});

const credentials = (): GoogleServiceAccountCredentials => ({ client_email: EMAIL, private_key: PRIVATE_PEM, token_uri: server.url, private_key_id: 'key-1' });

async function signError(promise: Promise<unknown>): Promise<GatewayError> {
  const error = await promise.then(() => undefined, (caught: unknown) => caught);
  expect(error).toBeInstanceOf(GatewayError);
  return error as GatewayError;
}

describe('createGoogleServiceAccountSigner', () => {
  it('trades a signed JWT for a token and adds it to the request headers', async () => {
    const signer = createGoogleServiceAccountSigner({ credentials: credentials(), now: () => 1_700_000_000_000 });
    expect(await signer.sign(REQUEST)).toEqual({ 'content-type': 'application/json', authorization: 'Bearer token-1' });
    expect(server.grants).toEqual([
      {
        header: { alg: 'RS256', typ: 'JWT', kid: 'key-1' },
        claims: { iss: EMAIL, scope: 'https://www.googleapis.com/auth/cloud-platform', aud: server.url, iat: 1_700_000_000, exp: 1_700_003_600 },
      },
    ]);
  });

  it('caches the token until 60 s before expiry, then refreshes it', async () => {
    let clock = 1_700_000_000_000;
    const signer = createGoogleServiceAccountSigner({ credentials: credentials(), now: () => clock, scopes: ['a', 'b'] });
    await signer.sign(REQUEST);
    clock += 3_539_000;
    expect((await signer.sign(REQUEST)).authorization).toBe('Bearer token-1');
    clock += 1_000;
    expect((await signer.sign(REQUEST)).authorization).toBe('Bearer token-2');
    expect(server.grants.map((grant) => grant.claims.scope)).toEqual(['a b', 'a b']);
  });

  it('sends one token request however many signs wait for it', async () => {
    server.delayMs = 50;
    const signer = createGoogleServiceAccountSigner({ credentials: credentials() });
    const results = await Promise.all(Array.from({ length: 8 }, () => signer.sign(REQUEST)));
    expect(new Set(results.map((headers) => headers.authorization))).toEqual(new Set(['Bearer token-1']));
    expect(server.grants).toHaveLength(1);
  });

  it('reports a refused grant as an auth error without key material, and tries again next time', async () => {
    const { privateKey: otherKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const wrong = { ...credentials(), private_key: otherKey.export({ type: 'pkcs8', format: 'pem' }).toString() };
    const signer = createGoogleServiceAccountSigner({ credentials: wrong, provider: 'vertex-eu' });
    const error = await signError(signer.sign(REQUEST));
    expect([error.code, error.kind, error.retryable]).toEqual(['GW_UPSTREAM_AUTH', 'auth', false]);
    expect(error.message).toBe('vertex-eu: Google refused the service account token request (HTTP 400 invalid_grant)');
    expect(error.upstream).toEqual({ provider: 'vertex-eu', status: 400 });
    expect(error.message).not.toContain('PRIVATE');
    expect((await signError(signer.sign(REQUEST))).code).toBe('GW_UPSTREAM_AUTH');
  });

  it('treats a failing or unreachable token endpoint as retryable', async () => {
    server.reply = () => ({ status: 503, body: '<html>unavailable</html>' });
    const down = await signError(createGoogleServiceAccountSigner({ credentials: credentials() }).sign(REQUEST));
    expect([down.code, down.retryable, down.message]).toEqual(['GW_UPSTREAM_ERROR', true, 'google: Google token endpoint answered HTTP 503']);
    const closed = { ...credentials(), token_uri: 'http://127.0.0.1:1/token' };
    const unreachable = await signError(createGoogleServiceAccountSigner({ credentials: closed }).sign(REQUEST));
    expect([unreachable.code, unreachable.message]).toEqual(['GW_UPSTREAM_ERROR', 'google: Google token request failed (ECONNREFUSED)']);
  });

  it('refuses a response without a token, a bad key and a clear-text token URI', async () => {
    server.reply = () => ({ status: 200, body: { token_type: 'Bearer' } });
    expect((await signError(createGoogleServiceAccountSigner({ credentials: credentials() }).sign(REQUEST))).message).toBe('google: Google token response had no access_token');
    const badKey = await signError(createGoogleServiceAccountSigner({ credentials: { ...credentials(), private_key: 'not a key' } }).sign(REQUEST));
    expect([badKey.code, badKey.message]).toEqual(['GW_UPSTREAM_AUTH', 'google: the service account private_key is not a PEM private key']);
    const plain = await signError(createGoogleServiceAccountSigner({ credentials: { ...credentials(), token_uri: 'http://evil.example/token' } }).sign(REQUEST));
    expect(plain.message).toBe('google: token_uri must be an https URL');
    expect(server.grants).toHaveLength(1);
  });

  it('loads credentials lazily from a loader, retrying after a failed load', async () => {
    let calls = 0;
    const signer = createGoogleServiceAccountSigner({
      credentials: async () => {
        calls += 1;
        if (calls === 1) throw new GatewayError('GW_UPSTREAM_AUTH', 'not yet');
        return credentials();
      },
    });
    expect((await signError(signer.sign(REQUEST))).message).toBe('not yet');
    expect((await signer.sign(REQUEST)).authorization).toBe('Bearer token-1');
    await signer.sign(REQUEST);
    expect(calls).toBe(2);
  });
});

describe('service account key files', () => {
  const keyFile = { type: 'service_account', project_id: 'p', private_key_id: 'k1', private_key: PRIVATE_PEM, client_email: EMAIL, token_uri: 'https://oauth2.googleapis.com/token' };

  it('parses the JSON key and reads it from a file', async () => {
    const expected = { client_email: EMAIL, private_key: PRIVATE_PEM, token_uri: 'https://oauth2.googleapis.com/token', private_key_id: 'k1' };
    expect(parseGoogleServiceAccountJson(JSON.stringify(keyFile), 'credentials_json')).toEqual(expected);
    const path = join(mkdtempSync(join(tmpdir(), 'gsa-')), 'key.json');
    writeFileSync(path, JSON.stringify(keyFile));
    expect(await readGoogleServiceAccountFile(path)).toEqual(expected);
  });

  it('explains what is wrong without echoing the content', async () => {
    expect(() => parseGoogleServiceAccountJson('{oops', 'credentials_json')).toThrow('credentials_json is not JSON');
    expect(() => parseGoogleServiceAccountJson('{"type":"authorized_user","refresh_token":"r"}', 'credentials_json')).toThrow(
      'credentials_json holds "authorized_user" credentials; only service_account keys are supported',
    );
    expect(() => parseGoogleServiceAccountJson('{"client_email":"x"}', 'credentials_json')).toThrow('credentials_json needs client_email and private_key');
    const missing = await signError(readGoogleServiceAccountFile('/nonexistent/key.json'));
    expect([missing.code, missing.message]).toEqual(['GW_UPSTREAM_AUTH', 'credentials file /nonexistent/key.json cannot be read (ENOENT)']);
  });
});
