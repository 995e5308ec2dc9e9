import { describe, expect, it } from 'vitest';
import type { UpstreamErrorInput } from '../dialect.js';
import { decodeAnthropicError, decodeAnthropicStreamError } from './decode-anthropic-error.js';

const NOW = Date.parse('2025-01-01T00:00:00Z');

const input = (status: number, body: unknown, headers: UpstreamErrorInput['headers'] = {}): UpstreamErrorInput => ({
  provider: 'claude',
  status,
  headers,
  body: typeof body === 'string' ? body : JSON.stringify(body),
  now: NOW,
});

const envelope = (type: string, message: string) => ({ type: 'error', error: { type, message }, request_id: 'req_011CSHoEeqs5C35K2UUqR7Fy' });

describe('decodeAnthropicError', () => {
  it('maps each documented error type', () => {
    const cases: [number, string, string, number, boolean][] = [
      [400, 'invalid_request_error', 'GW_UPSTREAM_BAD_REQUEST', 400, false],
      [401, 'authentication_error', 'GW_UPSTREAM_AUTH', 502, false],
      [403, 'permission_error', 'GW_UPSTREAM_AUTH', 502, false],
      [404, 'not_found_error', 'GW_UPSTREAM_BAD_REQUEST', 404, false],
      [413, 'request_too_large', 'GW_BODY_TOO_LARGE', 413, false],
      [429, 'rate_limit_error', 'GW_RATE_LIMITED', 429, true],
      [402, 'billing_error', 'GW_UPSTREAM_ERROR', 502, true],
      [500, 'api_error', 'GW_UPSTREAM_ERROR', 502, true],
      [504, 'timeout_error', 'GW_UPSTREAM_TIMEOUT', 504, true],
      [529, 'overloaded_error', 'GW_UNAVAILABLE', 503, true],
    ];
    for (const [status, type, code, ourStatus, retryable] of cases) {
      const error = decodeAnthropicError(input(status, envelope(type, `${type} happened`)));
      expect(error).toMatchObject({ code, status: ourStatus, retryable, message: `claude: ${type} happened` });
      expect(error.upstream).toStrictEqual({ provider: 'claude', status });
    }
  });

  it('recognizes an overlong prompt as a context-length error', () => {
    const error = decodeAnthropicError(input(400, envelope('invalid_request_error', 'prompt is too long: 212345 tokens > 200000 maximum')));
    expect(error).toMatchObject({ code: 'GW_CONTEXT_TOO_LONG', status: 400, retryable: false });
  });

  it('carries Retry-After on rate limits and overload', () => {
    expect(decodeAnthropicError(input(429, envelope('rate_limit_error', 'slow down'), { 'retry-after': '17' })).retryAfterMs).toBe(17_000);
    expect(decodeAnthropicError(input(529, envelope('overloaded_error', 'Overloaded'), { 'retry-after': '3' })).retryAfterMs).toBe(3000);
    expect(decodeAnthropicError(input(400, envelope('invalid_request_error', 'bad'), { 'retry-after': '3' })).retryAfterMs).toBeUndefined();
  });

  it('falls back to the status when the body is not an Anthropic envelope', () => {
    expect(decodeAnthropicError(input(529, '<html>Overloaded</html>'))).toMatchObject({ code: 'GW_UNAVAILABLE', message: 'claude: <html>Overloaded</html>' });
    expect(decodeAnthropicError(input(401, ''))).toMatchObject({ code: 'GW_UPSTREAM_AUTH', message: 'claude: HTTP 401 with an empty body' });
    expect(decodeAnthropicError(input(422, '{"detail":"x"}'))).toMatchObject({ code: 'GW_UPSTREAM_BAD_REQUEST', status: 422 });
    expect(decodeAnthropicError(input(502, 'bad gateway'))).toMatchObject({ code: 'GW_UPSTREAM_ERROR', retryable: true });
  });

  it('redacts keys the upstream echoes back', () => {
    const error = decodeAnthropicError(input(401, envelope('authentication_error', 'invalid x-api-key sk-ant-api03-AbCdEf123456')));
    expect(error.message).toBe('claude: invalid x-api-key [redacted]');
  });
});

describe('decodeAnthropicStreamError', () => {
  it('maps an in-stream error by its type alone', () => {
    expect(decodeAnthropicStreamError({ type: 'overloaded_error', message: 'Overloaded' })).toMatchObject({
      code: 'GW_UNAVAILABLE',
      retryable: true,
      message: 'anthropic-messages stream: Overloaded',
    });
    expect(decodeAnthropicStreamError({ type: 'invalid_request_error', message: 'prompt is too long: 1 > 0' }).code).toBe('GW_CONTEXT_TOO_LONG');
    expect(decodeAnthropicStreamError({})).toMatchObject({ code: 'GW_UPSTREAM_ERROR', message: 'anthropic-messages stream: unknown error' });
  });
});
