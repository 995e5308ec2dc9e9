import type { GatewayErrorCode } from '../../core/errors.js';
import type { GoogleErrorDetails } from './read-google-error-body.js';

// ErrorInfo reasons that mean the key itself is bad, although Google answers them with
// 400 INVALID_ARGUMENT ("API key not valid. Please pass a valid API key.").
const KEY_REASONS = new Set(['API_KEY_INVALID', 'API_KEY_EXPIRED', 'API_KEY_SERVICE_BLOCKED', 'API_KEY_HTTP_REFERRER_BLOCKED']);
const CONTEXT_MESSAGE = /input token count.*exceeds the maximum|exceeds the maximum number of tokens|context window/i;

// Canonical codes -> gateway codes. https://cloud.google.com/apis/design/errors#handling_errors
const BY_STATUS_NAME: Record<string, GatewayErrorCode> = {
  UNAUTHENTICATED: 'GW_UPSTREAM_AUTH',
  PERMISSION_DENIED: 'GW_UPSTREAM_AUTH',
  RESOURCE_EXHAUSTED: 'GW_RATE_LIMITED',
  DEADLINE_EXCEEDED: 'GW_UPSTREAM_TIMEOUT',
  INTERNAL: 'GW_UPSTREAM_ERROR',
  UNAVAILABLE: 'GW_UPSTREAM_ERROR',
  UNKNOWN: 'GW_UPSTREAM_ERROR',
  ABORTED: 'GW_UPSTREAM_ERROR',
  CANCELLED: 'GW_UPSTREAM_ERROR',
  DATA_LOSS: 'GW_UPSTREAM_ERROR',
  INVALID_ARGUMENT: 'GW_UPSTREAM_BAD_REQUEST',
  FAILED_PRECONDITION: 'GW_UPSTREAM_BAD_REQUEST',
  OUT_OF_RANGE: 'GW_UPSTREAM_BAD_REQUEST',
  NOT_FOUND: 'GW_UPSTREAM_BAD_REQUEST',
  ALREADY_EXISTS: 'GW_UPSTREAM_BAD_REQUEST',
  UNIMPLEMENTED: 'GW_UPSTREAM_BAD_REQUEST',
};

/**
 * Picks the gateway code for a Google error: the `ErrorInfo` reason first (a bad API key
 * arrives as 400), then the canonical `status` name, then the HTTP status. Overloaded
 * (503 UNAVAILABLE) and internal errors are `GW_UPSTREAM_ERROR`, retryable on another
 * target like every dialect's 5xx; quota errors are `GW_RATE_LIMITED`.
 */
export function classifyGoogleError(httpStatus: number | undefined, details: GoogleErrorDetails | undefined): GatewayErrorCode {
  if (details?.reasons.some((reason) => KEY_REASONS.has(reason))) return 'GW_UPSTREAM_AUTH';
  const byName = details?.status === undefined ? undefined : BY_STATUS_NAME[details.status];
  const code = byName ?? byHttpStatus(httpStatus ?? details?.code);
  if (code === 'GW_UPSTREAM_BAD_REQUEST' && CONTEXT_MESSAGE.test(details?.message ?? '')) return 'GW_CONTEXT_TOO_LONG';
  return code;
}

function byHttpStatus(status: number | undefined): GatewayErrorCode {
  if (status === undefined) return 'GW_UPSTREAM_ERROR';
  if (status === 401 || status === 403) return 'GW_UPSTREAM_AUTH';
  if (status === 429) return 'GW_RATE_LIMITED';
  if (status === 408 || status === 504) return 'GW_UPSTREAM_TIMEOUT';
  if (status >= 400 && status < 500) return 'GW_UPSTREAM_BAD_REQUEST';
  return 'GW_UPSTREAM_ERROR';
}
