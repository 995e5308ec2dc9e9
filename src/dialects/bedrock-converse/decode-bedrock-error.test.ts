import { describe, expect, it } from 'vitest';
import type { UpstreamErrorInput } from '../dialect.js';
import { decodeBedrockError } from './decode-bedrock-error.js';

const NOW = Date.parse('2025-01-01T00:00:00Z');

const input = (status: number, errorType: string | undefined, body: unknown, headers: UpstreamErrorInput['headers'] = {}): UpstreamErrorInput => ({
  provider: 'aws',
  status,
  headers: errorType === undefined ? headers : { ...headers, 'x-amzn-errortype': `${errorType}:http://internal.amazon.com/coral/com.amazon.bedrock/` },
  body: typeof body === 'string' ? body : JSON.stringify(body),
  now: NOW,
});

describe('decodeBedrockError', () => {
  it('maps each documented error type to its gateway error', () => {
    const cases: [number, string, string, { code: string; status: number; retryable: boolean }][] = [
      [400, 'ValidationException', 'Malformed input request: #: extraneous key [foo] is not permitted', { code: 'GW_UPSTREAM_BAD_REQUEST', status: 400, retryable: false }],
      [400, 'ValidationException', 'Input is too long for requested model.', { code: 'GW_CONTEXT_TOO_LONG', status: 400, retryable: false }],
      [400, 'ValidationException', 'prompt is too long: 215000 tokens > 200000 maximum', { code: 'GW_CONTEXT_TOO_LONG', status: 400, retryable: false }],
      [403, 'UnrecognizedClientException', 'The security token included in the request is invalid.', { code: 'GW_UPSTREAM_AUTH', status: 502, retryable: false }],
      [403, 'InvalidSignatureException', 'The request signature we calculated does not match the signature you provided.', { code: 'GW_UPSTREAM_AUTH', status: 502, retryable: false }],
      [403, 'AccessDeniedException', "You don't have access to the model with the specified model ID.", { code: 'GW_UPSTREAM_AUTH', status: 502, retryable: false }],
      [403, 'ExpiredTokenException', 'The security token included in the request is expired', { code: 'GW_UPSTREAM_AUTH', status: 502, retryable: false }],
      [404, 'ResourceNotFoundException', 'Could not resolve the foundation model from the provided model identifier.', { code: 'GW_UPSTREAM_BAD_REQUEST', status: 404, retryable: false }],
      [429, 'ThrottlingException', 'Too many tokens, please wait before trying again.', { code: 'GW_RATE_LIMITED', status: 429, retryable: true }],
      [400, 'ServiceQuotaExceededException', 'Your request exceeds the service quota for your account.', { code: 'GW_RATE_LIMITED', status: 429, retryable: true }],
      [429, 'ModelNotReadyException', 'Model is not ready for inference.', { code: 'GW_UNAVAILABLE', status: 503, retryable: true }],
      [503, 'ServiceUnavailableException', 'Bedrock is unable to process your request.', { code: 'GW_UNAVAILABLE', status: 503, retryable: true }],
      [500, 'InternalServerException', 'An internal server error occurred.', { code: 'GW_UPSTREAM_ERROR', status: 502, retryable: true }],
      [424, 'ModelErrorException', 'The model failed to process the request.', { code: 'GW_UPSTREAM_ERROR', status: 502, retryable: true }],
      [408, 'ModelTimeoutException', 'Model has timed out in processing the request.', { code: 'GW_UPSTREAM_TIMEOUT', status: 504, retryable: true }],
    ];
    for (const [status, type, message, expected] of cases) {
      const error = decodeBedrockError(input(status, type, { message }));
      expect(error, type).toMatchObject(expected);
      expect(error.message, type).toBe(`aws: ${message}`);
      expect(error.upstream).toEqual({ provider: 'aws', status });
    }
  });

  it('keeps a Retry-After on retryable errors', () => {
    const error = decodeBedrockError(input(429, 'ThrottlingException', { message: 'Too many requests' }, { 'retry-after': '3' }));
    expect(error).toMatchObject({ code: 'GW_RATE_LIMITED', retryAfterMs: 3000 });
    expect(decodeBedrockError(input(400, 'ValidationException', { message: 'bad' }, { 'retry-after': '3' })).retryAfterMs).toBeUndefined();
  });

  it('reads the type from the body when the header is missing, and falls back on the status', () => {
    expect(decodeBedrockError(input(403, undefined, { __type: 'com.amazon.coral.service#UnrecognizedClientException', Message: 'bad token' }))).toMatchObject({
      code: 'GW_UPSTREAM_AUTH',
      message: 'aws: bad token',
    });
    expect(decodeBedrockError(input(429, undefined, ''))).toMatchObject({ code: 'GW_RATE_LIMITED', message: 'aws: HTTP 429 with an empty body' });
    expect(decodeBedrockError(input(502, undefined, '<html>Bad Gateway</html>'))).toMatchObject({ code: 'GW_UPSTREAM_ERROR', retryable: true });
    expect(decodeBedrockError(input(422, 'SomethingNewException', { message: 'nope' }))).toMatchObject({ code: 'GW_UPSTREAM_BAD_REQUEST', status: 422 });
  });

  it('redacts credentials the upstream echoes back', () => {
    const error = decodeBedrockError(input(403, 'UnrecognizedClientException', { message: 'Invalid token Bearer ABSKQmVkcm9ja0FQSUtleS1hYmNk' }));
    expect(error.message).toBe('aws: Invalid token Bearer [redacted]');
  });
});
