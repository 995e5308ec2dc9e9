import { encodeOpenAIErrorEnvelope } from '../_shared/encode-openai-error-envelope.js';

/**
 * The Responses API answers errors with OpenAI's envelope, as chat completions do. In-stream
 * failures use the `error` and `response.failed` events instead (createResponsesSseEncoder).
 */
export const encodeResponsesError = encodeOpenAIErrorEnvelope;
