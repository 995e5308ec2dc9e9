import type { GatewayError } from '../../core/errors.js';

/** OpenAI's error envelope (CONTRACT.md section 3): for error answers and in-stream error events. */
export function encodeOpenAIError(error: GatewayError): { error: { message: string; type: string; code: string; param: string | null } } {
  return { error: { message: error.message, type: error.type, code: error.wireCode, param: error.param ?? null } };
}
