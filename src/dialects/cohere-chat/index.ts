export { cohereChatDialect } from './cohere-chat-dialect.js';
export { encodeCohereChatRequest } from './encode-cohere-chat-request.js';
export { decodeCohereChatResponse } from './decode-cohere-chat-response.js';
export { createCohereChatStreamDecoder } from './cohere-chat-stream-decoder.js';
export { decodeCohereError } from './decode-cohere-error.js';
export { decodeCohereUsage } from './decode-cohere-usage.js';
export { mapCohereFinishReason } from './map-cohere-finish-reason.js';
