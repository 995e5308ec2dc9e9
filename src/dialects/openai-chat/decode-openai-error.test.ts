import { describe, expect, it } from 'vitest';
import type { UpstreamErrorInput } from '../dialect.js';
import { decodeOpenAIError } from './decode-openai-error.js';

const NOW = Date.parse('2025-01-01T00:00:00Z');

const input = (status: number, body: unknown, headers: UpstreamErrorInput['headers'] = {}): UpstreamErrorInput => ({
  provider: 'openai',
  status,
  headers,
  body: typeof body === 'string' ? body : JSON.stringify(body),
  now: NOW,
});

const envelope = (message: string, code: string | null = null, type = 'invalid_request_error', param: string | null = null) => ({
  error: { message, type, code, param },
});

describe('decodeOpenAIError', () => {
  it('maps 429 to a retryable rate limit with the wait the provider asked for', () => {
    const error = decodeOpenAIError(
      input(429, envelope('Rate limit reached for gpt-4o', 'rate_limit_exceeded', 'requests'), { 'retry-after-ms': '1200', 'retry-after': '2' }),
    );
    expect(error).toMatchObject({ code: 'GW_RATE_LIMITED', status: 429, retryable: true, retryAfterMs: 1200 });
    expect(error.message).toBe('openai: Rate limit reached for gpt-4o');
    expect(error.upstream).toStrictEqual({ provider: 'openai', status: 429 });
  });

  it('maps 401 and 403 to an upstream auth failure without echoing the key', () => {
    const error = decodeOpenAIError(
      input(401, envelope('Incorrect API key provided: sk-proj-abcd1234efgh5678. You can find your API key at https://platform.openai.com/account/api-keys.', 'invalid_api_key')),
    );
    expect(error).toMatchObject({ code: 'GW_UPSTREAM_AUTH', status: 502, retryable: false });
    expect(error.message).toBe(
      'openai: Incorrect API key provided: [redacted]. You can find your API key at https://platform.openai.com/account/api-keys.',
    );
    expect(decodeOpenAIError(input(403, envelope('Country not supported'))).code).toBe('GW_UPSTREAM_AUTH');
  });

  it('recognizes a context overflow by code or by message', () => {
    const byCode = decodeOpenAIError(input(400, envelope('too long', 'context_length_exceeded', 'invalid_request_error', 'messages')));
    expect(byCode).toMatchObject({ code: 'GW_CONTEXT_TOO_LONG', status: 400, param: 'messages', retryable: false });
    const byMessage = decodeOpenAIError(
      input(422, { object: 'error', message: "This model's maximum context length is 8192 tokens. However, you requested 9000 tokens.", code: 422 }),
    );
    expect(byMessage.code).toBe('GW_CONTEXT_TOO_LONG');
  });

  it('recognizes content filter rejections', () => {
    expect(decodeOpenAIError(input(400, envelope('filtered', 'content_filter'))).code).toBe('GW_CONTENT_FILTERED');
    expect(decodeOpenAIError(input(400, envelope('policy', 'content_policy_violation'))).code).toBe('GW_CONTENT_FILTERED');
  });

  it('passes other client errors on as upstream bad requests, keeping 400, 404 and 422', () => {
    const notFound = decodeOpenAIError(input(404, envelope('The model `gpt-9` does not exist', 'model_not_found')));
    expect(notFound).toMatchObject({ code: 'GW_UPSTREAM_BAD_REQUEST', status: 404, retryable: false });
    expect(notFound.message).toBe('openai: The model `gpt-9` does not exist');
    expect(decodeOpenAIError(input(422, envelope('bad'))).status).toBe(422);
    expect(decodeOpenAIError(input(400, envelope('bad', null, 'invalid_request_error', 'temperature')))).toMatchObject({
      status: 400,
      param: 'temperature',
    });
    const conflict = decodeOpenAIError(input(409, envelope('conflict')));
    expect(conflict).toMatchObject({ code: 'GW_UPSTREAM_BAD_REQUEST', status: 400, upstream: { provider: 'openai', status: 409 } });
  });

  it('maps 408 and 5xx to a retryable upstream error, with Retry-After when given', () => {
    const overloaded = decodeOpenAIError(input(503, envelope('overloaded', null, 'server_error'), { 'retry-after': '3' }));
    expect(overloaded).toMatchObject({ code: 'GW_UPSTREAM_ERROR', status: 502, retryable: true, retryAfterMs: 3000 });
    const timeout = decodeOpenAIError(input(408, 'Request Timeout'));
    expect(timeout).toMatchObject({ code: 'GW_UPSTREAM_ERROR', retryable: true, retryAfterMs: undefined });
  });

  it('handles bodies that are not JSON or are empty', () => {
    const html = decodeOpenAIError(input(502, '<html>\n  <body>Bad Gateway</body>\n</html>'));
    expect(html.message).toBe('openai: <html> <body>Bad Gateway</body> </html>');
    expect(decodeOpenAIError(input(500, '')).message).toBe('openai: HTTP 500 with an empty body');
    expect(decodeOpenAIError(input(500, '{not json')).message).toBe('openai: {not json');
    expect(decodeOpenAIError(input(500, { error: 'plain string error' })).message).toBe('openai: plain string error');
  });

  it('caps the message at 500 characters', () => {
    const error = decodeOpenAIError(input(400, envelope('word '.repeat(300))));
    expect(error.message.length).toBe(500);
    expect(error.message.startsWith('openai: word word')).toBe(true);
  });
});
