import { GatewayError, type GatewayErrorCode, type GatewayErrorOptions } from '../../core/errors.js';
import { parseRetryAfterMs } from '../_shared/parse-retry-after.js';
import { redactUpstreamMessage } from '../_shared/redact-upstream-message.js';
import type { UpstreamErrorInput } from '../dialect.js';
import { anthropicErrorBodySchema } from './anthropic-messages-wire.js';

/** What an Anthropic error envelope says, before any mapping. */
export interface AnthropicErrorDetails {
  type?: string;
  message?: string;
}

// https://docs.anthropic.com/en/api/errors
const BY_TYPE: Record<string, GatewayErrorCode> = {
  invalid_request_error: 'GW_UPSTREAM_BAD_REQUEST',
  not_found_error: 'GW_UPSTREAM_BAD_REQUEST',
  authentication_error: 'GW_UPSTREAM_AUTH',
  permission_error: 'GW_UPSTREAM_AUTH',
  request_too_large: 'GW_BODY_TOO_LARGE',
  rate_limit_error: 'GW_RATE_LIMITED',
  // The account cannot pay; another provider can still answer.
  billing_error: 'GW_UPSTREAM_ERROR',
  api_error: 'GW_UPSTREAM_ERROR',
  timeout_error: 'GW_UPSTREAM_TIMEOUT',
  overloaded_error: 'GW_UNAVAILABLE',
};

const BY_STATUS: Record<number, GatewayErrorCode> = {
  400: 'GW_UPSTREAM_BAD_REQUEST',
  401: 'GW_UPSTREAM_AUTH',
  403: 'GW_UPSTREAM_AUTH',
  404: 'GW_UPSTREAM_BAD_REQUEST',
  413: 'GW_BODY_TOO_LARGE',
  429: 'GW_RATE_LIMITED',
  504: 'GW_UPSTREAM_TIMEOUT',
  529: 'GW_UNAVAILABLE',
};

// Anthropic answers an overlong prompt with invalid_request_error "prompt is too long:
// 210000 tokens > 200000 maximum"; newer models also name the context window.
const CONTEXT_MESSAGE = /prompt is too long|context window|context length/i;
const KEEP_STATUS = new Set([400, 404, 422]);

/**
 * An Anthropic non-2xx answer -> the gateway's error. The error `type` decides the kind
 * (the status only when the body has none): 429 and `overloaded_error` (529) are
 * retryable on another target and carry `Retry-After`; auth and request errors are not.
 * The message is `<provider>: <upstream message>`, credentials redacted.
 */
export function decodeAnthropicError(input: UpstreamErrorInput): GatewayError {
  const details = parseErrorText(input.body);
  const upstreamText = details?.message ?? details?.type ?? fallbackText(input);
  const message = redactUpstreamMessage(`${input.provider}: ${upstreamText}`);
  const code = chooseCode(details, input.status);
  const options: GatewayErrorOptions = { upstream: { provider: input.provider, status: input.status } };
  if (code === 'GW_UPSTREAM_BAD_REQUEST' && KEEP_STATUS.has(input.status)) options.status = input.status;
  if (code === 'GW_RATE_LIMITED' || code === 'GW_UNAVAILABLE' || code === 'GW_UPSTREAM_ERROR') {
    const retryAfterMs = parseRetryAfterMs(input.headers, input.now);
    if (retryAfterMs !== undefined) options.retryAfterMs = retryAfterMs;
  }
  return new GatewayError(code, message, options);
}

/**
 * An `error` event inside a 200 stream -> the gateway's error, by its `type` alone (a
 * stream has no status). `overloaded_error` stays retryable: before the commit point the
 * dispatcher may still try another target.
 */
export function decodeAnthropicStreamError(details: AnthropicErrorDetails): GatewayError {
  const code = chooseCode(details, 0);
  const text = details.message ?? details.type ?? 'unknown error';
  return new GatewayError(code, redactUpstreamMessage(`anthropic-messages stream: ${text}`));
}

/** Reads an already parsed `{"type": "error", "error": {"type", "message"}}`; undefined when it holds none. */
export function readAnthropicErrorBody(json: unknown): AnthropicErrorDetails | undefined {
  const result = anthropicErrorBodySchema.safeParse(json);
  if (!result.success) return undefined;
  const details: AnthropicErrorDetails = {};
  if (result.data.error.type) details.type = result.data.error.type;
  if (result.data.error.message) details.message = result.data.error.message;
  return details;
}

function parseErrorText(body: string): AnthropicErrorDetails | undefined {
  const trimmed = body.trim();
  if (!trimmed.startsWith('{')) return undefined;
  try {
    return readAnthropicErrorBody(JSON.parse(trimmed));
  } catch {
    return undefined;
  }
}

function chooseCode(details: AnthropicErrorDetails | undefined, status: number): GatewayErrorCode {
  const byType = details?.type !== undefined && Object.hasOwn(BY_TYPE, details.type) ? BY_TYPE[details.type] : undefined;
  let code = byType ?? BY_STATUS[status] ?? (status >= 400 && status < 500 && status !== 408 ? 'GW_UPSTREAM_BAD_REQUEST' : 'GW_UPSTREAM_ERROR');
  if (code === 'GW_UPSTREAM_BAD_REQUEST' && CONTEXT_MESSAGE.test(details?.message ?? '')) code = 'GW_CONTEXT_TOO_LONG';
  return code;
}

function fallbackText(input: UpstreamErrorInput): string {
  const text = input.body.trim();
  return text === '' ? `HTTP ${input.status} with an empty body` : text;
}
