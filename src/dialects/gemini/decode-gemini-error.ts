import { GatewayError, type GatewayErrorOptions } from '../../core/errors.js';
import { parseRetryAfterMs } from '../_shared/parse-retry-after.js';
import { redactUpstreamMessage } from '../_shared/redact-upstream-message.js';
import type { UpstreamErrorInput } from '../dialect.js';
import { classifyGoogleError } from './classify-google-error.js';
import { parseGoogleErrorText } from './read-google-error-body.js';

// An upstream 4xx the caller can act on keeps its status (docs/errors.md).
const KEEP_STATUS = new Set([400, 404, 422]);

/**
 * A Gemini API or Vertex AI non-2xx answer -> the gateway's error. The kind drives
 * routing: quota (429) and 5xx are retryable on another target, key and request errors
 * are not. The wait comes from `RetryInfo.retryDelay` in the body, else `Retry-After`.
 * The message is `<provider>: <upstream message>`, credentials redacted, at most 500
 * characters. https://ai.google.dev/gemini-api/docs/troubleshooting#error-codes
 */
export function decodeGeminiError(input: UpstreamErrorInput): GatewayError {
  const details = parseGoogleErrorText(input.body);
  const upstreamText = details?.message ?? details?.status ?? fallbackText(input);
  const message = redactUpstreamMessage(`${input.provider}: ${upstreamText}`);
  const options: GatewayErrorOptions = { upstream: { provider: input.provider, status: input.status } };
  const code = classifyGoogleError(input.status, details);
  if (code === 'GW_UPSTREAM_BAD_REQUEST' && KEEP_STATUS.has(input.status)) options.status = input.status;
  if (code === 'GW_RATE_LIMITED' || code === 'GW_UPSTREAM_ERROR' || code === 'GW_UPSTREAM_TIMEOUT') {
    const retryAfterMs = details?.retryDelayMs ?? parseRetryAfterMs(input.headers, input.now);
    if (retryAfterMs !== undefined) options.retryAfterMs = retryAfterMs;
  }
  return new GatewayError(code, message, options);
}

function fallbackText(input: UpstreamErrorInput): string {
  const text = input.body.trim();
  return text === '' ? `HTTP ${input.status} with an empty body` : text;
}
