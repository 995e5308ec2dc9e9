import type { GatewayError } from '../../core/errors.js';

/** The body of OpenAI's error answers (CONTRACT.md section 3), shared by Chat Completions and the Responses API. */
export type OpenAIErrorEnvelope = {
  error: { message: string; type: string; code: string; param: string | null };
};

export function encodeOpenAIErrorEnvelope(error: GatewayError): OpenAIErrorEnvelope {
  return { error: { message: error.message, type: error.type, code: error.wireCode, param: error.param ?? null } };
}
