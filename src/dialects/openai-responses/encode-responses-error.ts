import type { GatewayError } from '../../core/errors.js';

/**
 * OpenAI's error envelope (CONTRACT.md section 3), which the Responses API shares with
 * chat completions: the body of every non-2xx answer. In-stream failures use the
 * `error` and `response.failed` events instead (createResponsesSseEncoder).
 */
export function encodeResponsesError(error: GatewayError): { error: { message: string; type: string; code: string; param: string | null } } {
  return { error: { message: error.message, type: error.type, code: error.wireCode, param: error.param ?? null } };
}
