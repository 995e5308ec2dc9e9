import { GatewayError, type GatewayErrorOptions } from '../../core/errors.js';
import { parseRetryAfterMs } from '../_shared/parse-retry-after.js';
import type { UpstreamErrorInput } from '../dialect.js';
import { readOpenAIErrorBody, type OpenAIErrorDetails } from './read-openai-error-body.js';
import { redactUpstreamMessage } from '../_shared/redact-upstream-message.js';

const CONTEXT_CODES = new Set(['context_length_exceeded']);
const CONTEXT_MESSAGE = /maximum context length|context[ _]length[ _]exceeded|context window/i;
const FILTER_CODES = new Set(['content_filter', 'content_policy_violation']);
const KEEP_STATUS = new Set([400, 404, 422]);

/**
 * An OpenAI-compatible upstream's non-2xx answer -> the gateway's error. The kind drives
 * routing: 429 and 408/5xx are retryable on another target, auth and request errors are
 * not. The message is `<provider>: <upstream message>`, credentials redacted, at most
 * 500 characters. See https://platform.openai.com/docs/guides/error-codes.
 */
export function decodeOpenAIError(input: UpstreamErrorInput): GatewayError {
  const details = parseErrorBody(input.body);
  const upstreamText = details?.message ?? details?.code ?? fallbackText(input);
  const message = redactUpstreamMessage(`${input.provider}: ${upstreamText}`);
  const options: GatewayErrorOptions = { upstream: { provider: input.provider, status: input.status } };
  if (details?.param) options.param = details.param;
  const status = input.status;
  if (status === 429) return new GatewayError('GW_RATE_LIMITED', message, withRetryAfter(options, input));
  if (status === 401 || status === 403) return new GatewayError('GW_UPSTREAM_AUTH', message, options);
  if (status >= 400 && status < 500 && status !== 408) {
    if (CONTEXT_CODES.has(details?.code ?? '') || CONTEXT_MESSAGE.test(upstreamText)) {
      return new GatewayError('GW_CONTEXT_TOO_LONG', message, options);
    }
    if (status === 400 && FILTER_CODES.has(details?.code ?? '')) return new GatewayError('GW_CONTENT_FILTERED', message, options);
    if (KEEP_STATUS.has(status)) options.status = status;
    return new GatewayError('GW_UPSTREAM_BAD_REQUEST', message, options);
  }
  return new GatewayError('GW_UPSTREAM_ERROR', message, withRetryAfter(options, input));
}

function parseErrorBody(body: string): OpenAIErrorDetails | undefined {
  const trimmed = body.trim();
  if (!trimmed.startsWith('{')) return undefined;
  try {
    return readOpenAIErrorBody(JSON.parse(trimmed));
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
