import type { Dialect } from '../dialect.js';
import { decodeGeminiError } from './decode-gemini-error.js';
import { decodeGeminiResponse } from './decode-gemini-response.js';
import { encodeGeminiRequest } from './encode-gemini-request.js';
import { createGeminiStreamDecoder } from './gemini-stream-decoder.js';

/** Google's generateContent format used outbound: the Gemini API and Vertex AI. */
export const geminiDialect: Dialect = {
  id: 'gemini',
  streamFraming: 'sse',
  encodeRequest: encodeGeminiRequest,
  decodeResponse: decodeGeminiResponse,
  createStreamDecoder: createGeminiStreamDecoder,
  decodeError: decodeGeminiError,
};
