import { GatewayError, type GatewayErrorOptions } from '../../core/errors.js';
import { parseRetryAfterMs } from '../_shared/parse-retry-after.js';
import { redactUpstreamMessage } from '../_shared/redact-upstream-message.js';
import type { UpstreamErrorInput } from '../dialect.js';
import { cohereErrorBodySchema } from './cohere-chat-wire.js';

// "too many tokens: total number of tokens in the prompt cannot exceed ..." and
// "too many tokens: size limit exceeded by ..." (https://docs.cohere.com/reference/errors).
const CONTEXT_MESSAGE = /too many tokens|context length|context window/i;
const KEEP_STATUS = new Set([400, 404, 422]);
// 401 unauthorized, 403 forbidden, 498 invalid or expired token, 402 billing: the
// connection's credentials or account are at fault, not the caller's request.
const AUTH_STATUS = new Set([401, 402, 403, 498]);

/**
 * A Cohere non-2xx answer (`{"message": "..."}`) -> the gateway's error. 429 is a
 * retryable rate limit, 5xx (503 overloaded included) and 499 (Cohere dropped the
 * request) are retryable upstream failures, both with `Retry-After` when sent; account
 * problems are auth errors; other 4xx are the caller's bad request. The message is
 * `<provider>: <upstream message>`, credentials redacted.
 * Statuses: https://docs.cohere.com/reference/errors.
 */
export function decodeCohereError(input: UpstreamErrorInput): GatewayError {
  const upstreamText = readMessage(input.body) ?? fallbackText(input);
  const message = redactUpstreamMessage(`${input.provider}: ${upstreamText}`);
  const options: GatewayErrorOptions = { upstream: { provider: input.provider, status: input.status } };
  const status = input.status;
  if (status === 429) return new GatewayError('GW_RATE_LIMITED', message, withRetryAfter(options, input));
  if (AUTH_STATUS.has(status)) return new GatewayError('GW_UPSTREAM_AUTH', message, options);
  if (status >= 400 && status < 500 && status !== 408 && status !== 499) {
    if (CONTEXT_MESSAGE.test(upstreamText)) return new GatewayError('GW_CONTEXT_TOO_LONG', message, options);
    if (KEEP_STATUS.has(status)) options.status = status;
    return new GatewayError('GW_UPSTREAM_BAD_REQUEST', message, options);
  }
  return new GatewayError('GW_UPSTREAM_ERROR', message, withRetryAfter(options, input));
}

function readMessage(body: string): string | undefined {
  const trimmed = body.trim();
  if (!trimmed.startsWith('{')) return undefined;
  try {
    const parsed = cohereErrorBodySchema.safeParse(JSON.parse(trimmed));
    return parsed.success && parsed.data.message ? parsed.data.message : undefined;
  } catch {
    return undefined;
  }
}

function fallbackText(input: UpstreamErrorInput): string {
  const text = input.body.trim();
  return text === '' ? `HTTP ${input.status} with an empty body` : text;
}

function withRetryAfter(options: GatewayErrorOptions, input: UpstreamErrorInput): GatewayErrorOptions {
  const retryAfterMs = parseRetryAfterMs(input.headers, input.now);
  return retryAfterMs === undefined ? options : { ...options, retryAfterMs };
}
