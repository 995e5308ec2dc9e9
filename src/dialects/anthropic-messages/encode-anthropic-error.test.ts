import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../core/errors.js';
import { encodeAnthropicError } from './encode-anthropic-error.js';

describe('encodeAnthropicError', () => {
  it.each([
    [new GatewayError('GW_INVALID_REQUEST', 'max_tokens: is required', { param: 'max_tokens' }), 'invalid_request_error'],
    [new GatewayError('GW_UNAUTHORIZED', 'bad key'), 'authentication_error'],
    [new GatewayError('GW_FORBIDDEN', 'no'), 'permission_error'],
    [new GatewayError('GW_MODEL_NOT_FOUND', 'no such model'), 'not_found_error'],
    [new GatewayError('GW_BODY_TOO_LARGE', 'too big'), 'request_too_large'],
    [new GatewayError('GW_RATE_LIMITED', 'slow down'), 'rate_limit_error'],
    [new GatewayError('GW_BUDGET_EXCEEDED', 'budget'), 'rate_limit_error'],
    [new GatewayError('GW_UNAVAILABLE', 'busy'), 'overloaded_error'],
    [new GatewayError('GW_UPSTREAM_ERROR', 'x', { status: 529 }), 'overloaded_error'],
    [new GatewayError('GW_UPSTREAM_BAD_REQUEST', 'x', { status: 402 }), 'billing_error'],
    [new GatewayError('GW_UPSTREAM_TIMEOUT', 'slow upstream'), 'timeout_error'],
    [new GatewayError('GW_UPSTREAM_ERROR', 'broken'), 'api_error'],
    [new GatewayError('GW_INTERNAL', 'Internal gateway error'), 'api_error'],
    [new GatewayError('GW_NOT_IMPLEMENTED', 'later'), 'api_error'],
  ])('maps %s to %s by status', (error, type) => {
    expect(encodeAnthropicError(error)).toStrictEqual({ type: 'error', error: { type, message: error.message } });
  });
});
