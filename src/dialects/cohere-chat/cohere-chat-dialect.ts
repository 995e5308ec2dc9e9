import type { Dialect } from '../dialect.js';
import { createCohereChatStreamDecoder } from './cohere-chat-stream-decoder.js';
import { decodeCohereChatResponse } from './decode-cohere-chat-response.js';
import { decodeCohereError } from './decode-cohere-error.js';
import { encodeCohereChatRequest } from './encode-cohere-chat-request.js';

/** Cohere's v2 Chat API (`POST /v2/chat`), used outbound by the `cohere` provider. */
export const cohereChatDialect: Dialect = {
  id: 'cohere-chat',
  encodeRequest: encodeCohereChatRequest,
  decodeResponse: decodeCohereChatResponse,
  createStreamDecoder: createCohereChatStreamDecoder,
  decodeError: decodeCohereError,
};
