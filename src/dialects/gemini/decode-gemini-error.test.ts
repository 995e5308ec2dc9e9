import { describe, expect, it } from 'vitest';
import type { UpstreamErrorInput } from '../dialect.js';
import { decodeGeminiError } from './decode-gemini-error.js';

const NOW = Date.parse('2025-01-01T00:00:00Z');

function input(status: number, body: unknown, headers: UpstreamErrorInput['headers'] = {}): UpstreamErrorInput {
  return { provider: 'google-ai', status, headers, body: typeof body === 'string' ? body : JSON.stringify(body), now: NOW };
}

const googleError = (code: number, status: string, message: string, details: unknown[] = []) => ({ error: { code, message, status, details } });

describe('decodeGeminiError', () => {
  it('maps a bad API key (400 INVALID_ARGUMENT, reason API_KEY_INVALID) to an upstream auth error', () => {
    const error = decodeGeminiError(
      input(
        400,
        googleError(400, 'INVALID_ARGUMENT', 'API key not valid. Please pass a valid API key.', [
          { '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'API_KEY_INVALID', domain: 'googleapis.com' },
        ]),
      ),
    );
    expect([error.code, error.status, error.retryable]).toEqual(['GW_UPSTREAM_AUTH', 502, false]);
    expect(error.message).toBe('google-ai: API key not valid. Please pass a valid API key.');
    expect(error.upstream).toEqual({ provider: 'google-ai', status: 400 });
  });

  it.each([
    [400, 'INVALID_ARGUMENT', 'GW_UPSTREAM_BAD_REQUEST', 400, false],
    [400, 'FAILED_PRECONDITION', 'GW_UPSTREAM_BAD_REQUEST', 400, false],
    [401, 'UNAUTHENTICATED', 'GW_UPSTREAM_AUTH', 502, false],
    [403, 'PERMISSION_DENIED', 'GW_UPSTREAM_AUTH', 502, false],
    [404, 'NOT_FOUND', 'GW_UPSTREAM_BAD_REQUEST', 404, false],
    [429, 'RESOURCE_EXHAUSTED', 'GW_RATE_LIMITED', 429, true],
    [500, 'INTERNAL', 'GW_UPSTREAM_ERROR', 502, true],
    [503, 'UNAVAILABLE', 'GW_UPSTREAM_ERROR', 502, true],
    [504, 'DEADLINE_EXCEEDED', 'GW_UPSTREAM_TIMEOUT', 504, true],
  ] as const)('HTTP %i %s -> %s (%i, retryable %s)', (httpStatus, name, code, status, retryable) => {
    const error = decodeGeminiError(input(httpStatus, googleError(httpStatus, name, 'something')));
    expect([error.code, error.status, error.retryable]).toEqual([code, status, retryable]);
  });

  it('reads the wait from RetryInfo before Retry-After', () => {
    const body = googleError(429, 'RESOURCE_EXHAUSTED', 'You exceeded your current quota.', [
      { '@type': 'type.googleapis.com/google.rpc.QuotaFailure', violations: [] },
      { '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '43.2s' },
    ]);
    expect(decodeGeminiError(input(429, body, { 'retry-after': '5' })).retryAfterMs).toBe(43_200);
    expect(decodeGeminiError(input(429, googleError(429, 'RESOURCE_EXHAUSTED', 'slow down'), { 'retry-after': '5' })).retryAfterMs).toBe(5000);
    expect(decodeGeminiError(input(429, googleError(429, 'RESOURCE_EXHAUSTED', 'slow down'))).retryAfterMs).toBeUndefined();
    const structured = googleError(503, 'UNAVAILABLE', 'busy', [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: { seconds: '2', nanos: 500_000_000 } }]);
    expect(decodeGeminiError(input(503, structured)).retryAfterMs).toBe(2500);
  });

  it('recognizes an over-long prompt', () => {
    const body = googleError(400, 'INVALID_ARGUMENT', 'The input token count (1200000) exceeds the maximum number of tokens allowed (1048576).');
    expect(decodeGeminiError(input(400, body)).code).toBe('GW_CONTEXT_TOO_LONG');
  });

  it('reads an error wrapped in an array and falls back to the HTTP status for other bodies', () => {
    const wrapped = decodeGeminiError(input(503, [googleError(503, 'UNAVAILABLE', 'The model is overloaded. Please try again later.')]));
    expect([wrapped.code, wrapped.message]).toEqual(['GW_UPSTREAM_ERROR', 'google-ai: The model is overloaded. Please try again later.']);
    const html = decodeGeminiError(input(502, '<html>Bad Gateway</html>'));
    expect([html.code, html.message]).toEqual(['GW_UPSTREAM_ERROR', 'google-ai: <html>Bad Gateway</html>']);
    const empty = decodeGeminiError(input(403, ''));
    expect([empty.code, empty.message]).toEqual(['GW_UPSTREAM_AUTH', 'google-ai: HTTP 403 with an empty body']);
    expect(decodeGeminiError(input(422, '{"oops": true}')).status).toBe(422);
  });

  it('redacts credentials echoed in messages', () => {
    const body = googleError(400, 'INVALID_ARGUMENT', 'Bad header Authorization: Bearer ya29.a0AfH6SMBxyzSecretToken123');
    expect(decodeGeminiError(input(400, body)).message).toBe('google-ai: Bad header Authorization: Bearer [redacted]');
  });
});
