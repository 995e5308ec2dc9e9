import { createPrivateKey, sign as signWithKey, type KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { request as undiciRequest } from 'undici';
import { GatewayError } from '../../core/errors.js';
import type { RequestSigner, SignableRequest } from './request-signer.js';

/** The fields of a service-account key file (`"type": "service_account"`) the signer reads. */
export interface GoogleServiceAccountCredentials {
  client_email: string;
  /** PEM (PKCS#8) private key. Held only as a KeyObject once parsed. */
  private_key: string;
  /** Google's OAuth token endpoint; `https://oauth2.googleapis.com/token` when absent. */
  token_uri?: string;
  /** Sent as the JWT `kid` so Google picks the right public key without trying each. */
  private_key_id?: string;
}

/** One POST of the JWT-bearer grant: a form body to the token URI. */
export interface GoogleTokenRequest {
  url: string;
  /** `application/x-www-form-urlencoded` body. */
  body: string;
}

export interface GoogleTokenResponse {
  status: number;
  body: string;
}

export interface GoogleServiceAccountSignerOptions {
  /** The key itself, or a loader run at the first `sign()` (and again after a failed load). */
  credentials: GoogleServiceAccountCredentials | (() => Promise<GoogleServiceAccountCredentials>);
  /** OAuth scopes; `cloud-platform` by default, which Vertex AI needs. */
  scopes?: readonly string[];
  /** Epoch milliseconds; `Date.now` unless a test injects a clock. */
  now?: () => number;
  /** Sends the token request; undici's `request` by default. */
  requestToken?: (request: GoogleTokenRequest) => Promise<GoogleTokenResponse>;
  /** The connection's name, for error messages and `GatewayError.upstream`. */
  provider?: string;
}

const DEFAULT_TOKEN_URI = 'https://oauth2.googleapis.com/token';
const CLOUD_PLATFORM_SCOPE = 'https://www.googleapis.com/auth/cloud-platform';
const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
// Google accepts assertions valid for at most one hour.
const ASSERTION_LIFETIME_SECONDS = 3600;
const REFRESH_MARGIN_MS = 60_000;
const TOKEN_TIMEOUT_MS = 30_000;
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

interface Account {
  email: string;
  key: KeyObject;
  keyId: string | undefined;
  tokenUri: string;
}

interface CachedToken {
  value: string;
  expiresAt: number;
}

/**
 * Google service-account OAuth for Vertex AI: signs a JWT (RS256) for the scopes, trades
 * it at `token_uri` with the JWT-bearer grant, and sends `authorization: Bearer <token>`.
 * https://developers.google.com/identity/protocols/oauth2/service-account#httprest
 *
 * The token is cached until 60 s before it expires and refreshed by one request at a
 * time, however many calls wait for it. Failures are GatewayErrors without any key
 * material: a refused grant or a bad key is `GW_UPSTREAM_AUTH`; a token endpoint that is
 * down or unreachable is the retryable `GW_UPSTREAM_ERROR`.
 */
export function createGoogleServiceAccountSigner(options: GoogleServiceAccountSignerOptions): RequestSigner {
  const now = options.now ?? Date.now;
  const provider = options.provider ?? 'google';
  const scope = (options.scopes ?? [CLOUD_PLATFORM_SCOPE]).join(' ');
  const requestToken = options.requestToken ?? postTokenRequest;
  let account: Account | undefined;
  let token: CachedToken | undefined;
  let inFlight: Promise<CachedToken> | undefined;

  async function loadAccount(): Promise<Account> {
    if (!account) {
      const credentials = typeof options.credentials === 'function' ? await options.credentials() : options.credentials;
      account = readAccount(credentials, provider);
    }
    return account;
  }

  async function fetchToken(): Promise<CachedToken> {
    const current = await loadAccount();
    const startedAt = now();
    const assertion = signAssertion(current, scope, Math.floor(startedAt / 1000));
    const body = new URLSearchParams({ grant_type: JWT_BEARER, assertion }).toString();
    let response: GoogleTokenResponse;
    try {
      response = await requestToken({ url: current.tokenUri, body });
    } catch (error) {
      if (error instanceof GatewayError) throw error;
      throw new GatewayError('GW_UPSTREAM_ERROR', `${provider}: Google token request failed (${errorCode(error)})`, { upstream: { provider } });
    }
    const fresh = readTokenResponse(response, provider, startedAt);
    token = fresh;
    return fresh;
  }

  return {
    async sign(request: SignableRequest): Promise<Record<string, string>> {
      let current = token;
      if (!current || now() >= current.expiresAt - REFRESH_MARGIN_MS) {
        inFlight ??= fetchToken().finally(() => {
          inFlight = undefined;
        });
        current = await inFlight;
      }
      return { ...request.headers, authorization: `Bearer ${current.value}` };
    },
  };
}

/** Parses the text of a service-account key file; a GatewayError naming what is wrong otherwise. */
export function parseGoogleServiceAccountJson(text: string, origin: string): GoogleServiceAccountCredentials {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw authError(`${origin} is not JSON`);
  }
  if (typeof value !== 'object' || value === null) throw authError(`${origin} is not a JSON object`);
  const record = value as Record<string, unknown>;
  if (record.type !== undefined && record.type !== 'service_account') {
    throw authError(`${origin} holds "${String(record.type)}" credentials; only service_account keys are supported`);
  }
  if (typeof record.client_email !== 'string' || typeof record.private_key !== 'string') {
    throw authError(`${origin} needs client_email and private_key`);
  }
  const credentials: GoogleServiceAccountCredentials = { client_email: record.client_email, private_key: record.private_key };
  if (typeof record.token_uri === 'string') credentials.token_uri = record.token_uri;
  if (typeof record.private_key_id === 'string') credentials.private_key_id = record.private_key_id;
  return credentials;
}

/** Reads and parses a service-account key file; unreadable files are `GW_UPSTREAM_AUTH`. */
export async function readGoogleServiceAccountFile(path: string): Promise<GoogleServiceAccountCredentials> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw authError(`credentials file ${path} cannot be read (${errorCode(error)})`);
  }
  return parseGoogleServiceAccountJson(text, `credentials file ${path}`);
}

function readAccount(credentials: GoogleServiceAccountCredentials, provider: string): Account {
  const tokenUri = credentials.token_uri ?? DEFAULT_TOKEN_URI;
  let url: URL;
  try {
    url = new URL(tokenUri);
  } catch {
    throw authError(`${provider}: token_uri is not a URL`);
  }
  // The assertion is a bearer credential for an hour: never send it in clear text off the machine.
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK.has(url.hostname))) {
    throw authError(`${provider}: token_uri must be an https URL`);
  }
  let key: KeyObject;
  try {
    key = createPrivateKey(credentials.private_key);
  } catch {
    throw authError(`${provider}: the service account private_key is not a PEM private key`);
  }
  return { email: credentials.client_email, key, keyId: credentials.private_key_id, tokenUri };
}

function signAssertion(account: Account, scope: string, issuedAt: number): string {
  const header: Record<string, string> = { alg: 'RS256', typ: 'JWT' };
  if (account.keyId) header.kid = account.keyId;
  const claims = { iss: account.email, scope, aud: account.tokenUri, iat: issuedAt, exp: issuedAt + ASSERTION_LIFETIME_SECONDS };
  const signingInput = `${base64Url(JSON.stringify(header))}.${base64Url(JSON.stringify(claims))}`;
  const signature = signWithKey('sha256', Buffer.from(signingInput), account.key).toString('base64url');
  return `${signingInput}.${signature}`;
}

function readTokenResponse(response: GoogleTokenResponse, provider: string, startedAt: number): CachedToken {
  const upstream = { provider, status: response.status };
  let body: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(response.body);
    if (typeof parsed === 'object' && parsed !== null) body = parsed as Record<string, unknown>;
  } catch {
    // An HTML error page: the status says enough.
  }
  if (response.status >= 500 || response.status === 429) {
    throw new GatewayError('GW_UPSTREAM_ERROR', `${provider}: Google token endpoint answered HTTP ${response.status}`, { upstream });
  }
  if (response.status >= 400) {
    // `error` is an RFC 6749 code (invalid_grant...); the description may quote claims, so it stays out.
    const code = typeof body.error === 'string' && /^[a-z_]{1,64}$/.test(body.error) ? ` ${body.error}` : '';
    throw new GatewayError('GW_UPSTREAM_AUTH', `${provider}: Google refused the service account token request (HTTP ${response.status}${code})`, { upstream });
  }
  if (typeof body.access_token !== 'string' || body.access_token === '') {
    throw new GatewayError('GW_UPSTREAM_AUTH', `${provider}: Google token response had no access_token`, { upstream });
  }
  const lifetime = typeof body.expires_in === 'number' && body.expires_in > 0 ? body.expires_in : ASSERTION_LIFETIME_SECONDS;
  return { value: body.access_token, expiresAt: startedAt + lifetime * 1000 };
}

async function postTokenRequest(tokenRequest: GoogleTokenRequest): Promise<GoogleTokenResponse> {
  const response = await undiciRequest(tokenRequest.url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: tokenRequest.body,
    headersTimeout: TOKEN_TIMEOUT_MS,
    bodyTimeout: TOKEN_TIMEOUT_MS,
  });
  return { status: response.statusCode, body: await response.body.text() };
}

function authError(message: string): GatewayError {
  return new GatewayError('GW_UPSTREAM_AUTH', message);
}

/** A Node error code (`ECONNREFUSED`, `ENOENT`) or the error's class: never its message. */
function errorCode(error: unknown): string {
  const code = typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
  if (typeof code === 'string' && /^[A-Z0-9_]{1,64}$/.test(code)) return code;
  return error instanceof Error ? error.name : 'unknown error';
}

function base64Url(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url');
}
