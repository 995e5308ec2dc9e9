import type { Warning } from '../../core/warning.js';
import type { InboundSurface } from '../surface.js';
import { createResponsesSseEncoder } from './create-responses-sse-encoder.js';
import { decodeResponsesRequest } from './decode-responses-request.js';
import { encodeResponsesError } from './encode-responses-error.js';
import { encodeResponsesResponse } from './encode-responses-response.js';
import { isResponsesRefusal } from './is-responses-refusal.js';

/**
 * OpenAI's Responses API (`POST /v1/responses`) as an inbound surface. Beyond the
 * contract: `decodeRequest` takes an optional list that receives the decoding warnings
 * (dropped hosted tools and history records), and the encoders accept `responseId` and
 * `echo` (readResponsesEcho) so the answer carries the id the gateway stored and the
 * request settings OpenAI repeats back.
 */
export const openaiResponsesSurface = {
  dialect: 'openai-responses',
  decodeRequest(body: Record<string, unknown>, warnings?: Warning[]) {
    const decoded = decodeResponsesRequest(body);
    warnings?.push(...decoded.warnings);
    return decoded.request;
  },
  encodeResponse: encodeResponsesResponse,
  createStreamEncoder: createResponsesSseEncoder,
  encodeError: encodeResponsesError,
  isContentRefusal: isResponsesRefusal,
} as const satisfies InboundSurface;
