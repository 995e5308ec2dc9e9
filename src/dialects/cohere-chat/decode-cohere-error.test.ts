import { describe, expect, it } from 'vitest';
import type { UpstreamErrorInput } from '../dialect.js';
import { decodeCohereError } from './decode-cohere-error.js';

const NOW = Date.parse('2025-01-01T00:00:00Z');
const input = (status: number, body: string, headers: UpstreamErrorInput['headers'] = {}): UpstreamErrorInput => ({ provider: 'co', status, headers, body, now: NOW });

describe('decodeCohereError', () => {
  it('maps 429 to a retryable rate limit with Retry-After', () => {
    const error = decodeCohereError(input(429, '{"message":"You are using a Trial key, which is limited to 20 API calls / minute."}', { 'retry-after': '12' }));
    expect(error).toMatchObject({ code: 'GW_RATE_LIMITED', retryable: true, retryAfterMs: 12_000, upstream: { provider: 'co', status: 429 } });
    expect(error.message).toBe('co: You are using a Trial key, which is limited to 20 API calls / minute.');
  });

  it('maps 503 and 500 to retryable upstream errors', () => {
    expect(decodeCohereError(input(503, '{"message":"service unavailable"}', { 'retry-after': '3' }))).toMatchObject({ code: 'GW_UPSTREAM_ERROR', retryable: true, retryAfterMs: 3000 });
    expect(decodeCohereError(input(500, '{"message":"internal server error"}'))).toMatchObject({ code: 'GW_UPSTREAM_ERROR', retryable: true, status: 502 });
    expect(decodeCohereError(input(499, '{"message":"request cancelled"}'))).toMatchObject({ code: 'GW_UPSTREAM_ERROR', retryable: true });
  });

  it('maps account problems to non-retryable auth errors and redacts keys', () => {
    for (const status of [401, 402, 403, 498]) {
      expect(decodeCohereError(input(status, '{"message":"invalid api token"}'))).toMatchObject({ code: 'GW_UPSTREAM_AUTH', retryable: false, status: 502 });
    }
    expect(decodeCohereError(input(401, '{"message":"invalid api token Bearer abcdefghijklmnop"}')).message).toBe('co: invalid api token Bearer [redacted]');
  });

  it('keeps the caller-facing status of request errors and spots context overflows', () => {
    expect(decodeCohereError(input(400, '{"message":"invalid request: temperature must be between 0 and 1"}'))).toMatchObject({
      code: 'GW_UPSTREAM_BAD_REQUEST',
      status: 400,
      retryable: false,
    });
    expect(decodeCohereError(input(404, '{"message":"model \'nope\' not found"}'))).toMatchObject({ code: 'GW_UPSTREAM_BAD_REQUEST', status: 404 });
    expect(decodeCohereError(input(400, '{"message":"too many tokens: size limit exceeded by 11326 tokens."}')).code).toBe('GW_CONTEXT_TOO_LONG');
  });

  it('falls back to the raw text for non-JSON bodies', () => {
    expect(decodeCohereError(input(502, '<html>Bad Gateway</html>')).message).toBe('co: <html>Bad Gateway</html>');
    expect(decodeCohereError(input(500, '')).message).toBe('co: HTTP 500 with an empty body');
  });
});
