import type { GatewayError } from '../../core/errors.js';

/** Anthropic's error envelope, for error answers and the in-stream `error` event. */
export interface AnthropicErrorWire {
  type: 'error';
  error: { type: string; message: string };
}

// Anthropic's error types by HTTP status (https://docs.anthropic.com/en/api/errors).
// 503 is not Anthropic's, but it means the same to a client as 529: try again later.
const TYPE_BY_STATUS: Readonly<Record<number, string>> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  402: 'billing_error',
  403: 'permission_error',
  404: 'not_found_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  503: 'overloaded_error',
  504: 'timeout_error',
  529: 'overloaded_error',
};

/**
 * A gateway error in Anthropic's shape. The type follows the status the gateway answers
 * with (so a 502 from a failed upstream is an `api_error`); the message is already safe
 * to show and names the offending field for validation errors.
 */
export function encodeAnthropicError(error: GatewayError): AnthropicErrorWire {
  return { type: 'error', error: { type: TYPE_BY_STATUS[error.status] ?? 'api_error', message: error.message } };
}
