import { createHash, createHmac } from 'node:crypto';
import type { Secret } from '../../core/secret.js';
import type { RequestSigner, SignableRequest } from './request-signer.js';

/** Static AWS credentials and the scope they sign for. */
export interface SigV4SignerOptions {
  /** AWS region of the endpoint, e.g. `us-east-1`. */
  region: string;
  /** Signing name of the service: `bedrock` for bedrock-runtime. */
  service: string;
  accessKeyId: string;
  secretAccessKey: Secret;
  /** Set for temporary (STS) credentials; sent and signed as `x-amz-security-token`. */
  sessionToken?: Secret | undefined;
  /** Epoch milliseconds; `Date.now` unless a test injects a clock. */
  now?: () => number;
  /**
   * Send and sign `x-amz-content-sha256` (default true; the AWS SDKs do). AWS's published
   * test suite signs without it, hence the switch.
   */
  signContentHash?: boolean;
}

const ALGORITHM = 'AWS4-HMAC-SHA256';
const UNRESERVED = /[A-Za-z0-9\-._~]/;
/** Headers this signer owns: a caller's value would contradict the signature. */
const MANAGED_HEADERS = new Set(['authorization', 'host', 'x-amz-date', 'x-amz-content-sha256', 'x-amz-security-token']);

/**
 * AWS Signature Version 4 in the `Authorization` header:
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html
 *
 * Signs `host`, `x-amz-date`, `x-amz-content-sha256` and `x-amz-security-token` (when a
 * session token is set) and nothing else, so a header a proxy or the HTTP client rewrites
 * cannot break the signature. The returned headers are the request's plus those and
 * `authorization`; `host` is not returned, because the HTTP client derives the same value
 * from the URL. The path is signed as sent, each segment URI-encoded once more (as every
 * AWS service but S3 expects): a model id `a:0` travels as `a%3A0` and is signed as
 * `a%253A0`. The derived signing key is cached for its UTC day.
 */
export function createSigV4Signer(options: SigV4SignerOptions): RequestSigner {
  const now = options.now ?? Date.now;
  const signContentHash = options.signContentHash ?? true;
  let cachedKey: { day: string; key: Buffer } | undefined;

  function signingKey(day: string): Buffer {
    if (cachedKey?.day !== day) {
      const dateKey = hmac(`AWS4${options.secretAccessKey.reveal()}`, day);
      const regionKey = hmac(dateKey, options.region);
      const serviceKey = hmac(regionKey, options.service);
      cachedKey = { day, key: hmac(serviceKey, 'aws4_request') };
    }
    return cachedKey.key;
  }

  return {
    sign(request: SignableRequest): Promise<Record<string, string>> {
      const url = new URL(request.url);
      const timestamp = formatAmzDate(now());
      const day = timestamp.slice(0, 8);
      const payloadHash = sha256Hex(request.body);
      const added: Record<string, string> = { 'x-amz-date': timestamp };
      if (signContentHash) added['x-amz-content-sha256'] = payloadHash;
      const token = options.sessionToken?.reveal();
      if (token) added['x-amz-security-token'] = token;

      const signed: [string, string][] = [['host', url.host], ...Object.entries(added)];
      signed.sort(([left], [right]) => (left < right ? -1 : 1));
      const signedHeaders = signed.map(([name]) => name).join(';');
      const canonicalRequest = [
        request.method,
        canonicalPath(url.pathname),
        canonicalQuery(url.search),
        signed.map(([name, value]) => `${name}:${value.trim().replace(/\s+/g, ' ')}\n`).join(''),
        signedHeaders,
        payloadHash,
      ].join('\n');
      const scope = `${day}/${options.region}/${options.service}/aws4_request`;
      const stringToSign = `${ALGORITHM}\n${timestamp}\n${scope}\n${sha256Hex(canonicalRequest)}`;
      const signature = createHmac('sha256', signingKey(day)).update(stringToSign, 'utf8').digest('hex');

      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(request.headers)) {
        if (!MANAGED_HEADERS.has(name)) headers[name] = value;
      }
      Object.assign(headers, added);
      headers.authorization = `${ALGORITHM} Credential=${options.accessKeyId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`;
      return Promise.resolve(headers);
    },
  };
}

/** `YYYYMMDDTHHMMSSZ` in UTC. */
function formatAmzDate(epochMs: number): string {
  return new Date(epochMs).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

/** Empty segments dropped (`//` -> `/`), as the non-S3 services normalize; `.` and `..` are already resolved by URL parsing. */
function canonicalPath(pathname: string): string {
  const segments = pathname.split('/').filter((segment) => segment !== '');
  if (segments.length === 0) return '/';
  return `/${segments.map(uriEncode).join('/')}${pathname.endsWith('/') ? '/' : ''}`;
}

/** Parameters decoded, re-encoded strictly and sorted by name, then value. */
function canonicalQuery(search: string): string {
  if (search.length <= 1) return '';
  const pairs: [string, string][] = [];
  for (const part of search.slice(1).split('&')) {
    if (part === '') continue;
    const equals = part.indexOf('=');
    const name = equals === -1 ? part : part.slice(0, equals);
    const value = equals === -1 ? '' : part.slice(equals + 1);
    pairs.push([uriEncode(safeDecode(name)), uriEncode(safeDecode(value))]);
  }
  pairs.sort(([leftName, leftValue], [rightName, rightValue]) =>
    leftName === rightName ? compare(leftValue, rightValue) : compare(leftName, rightName),
  );
  return pairs.map(([name, value]) => `${name}=${value}`).join('&');
}

/** RFC 3986 percent-encoding of every byte but the unreserved characters, upper-case hex. */
function uriEncode(text: string): string {
  let encoded = '';
  for (const character of text) {
    if (UNRESERVED.test(character)) encoded += character;
    else for (const byte of Buffer.from(character, 'utf8')) encoded += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return encoded;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function compare(left: string, right: string): number {
  return left < right ? -1 : left > right ? 1 : 0;
}

function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

function hmac(key: string | Buffer, data: string): Buffer {
  return createHmac('sha256', key).update(data, 'utf8').digest();
}
