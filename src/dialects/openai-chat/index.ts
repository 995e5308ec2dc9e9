export { openaiChatDialect } from './openai-chat-dialect.js';
export { openaiChatPassthrough, openaiEmbeddingsPassthrough } from './openai-chat-passthrough.js';
export { decodeOpenAIChatRequest } from './decode-openai-chat-request.js';
export { encodeOpenAIChatRequest } from './encode-openai-chat-request.js';
export { decodeOpenAIChatResponse } from './decode-openai-chat-response.js';
export { encodeOpenAIChatResponse } from './encode-openai-chat-response.js';
export { createOpenAIChatStreamDecoder } from './openai-chat-stream-decoder.js';
export {
  createOpenAIChatChunkEncoder,
  type OpenAIChatChunkEncoder,
  type OpenAIChatChunkEncoderOptions,
} from './create-openai-chat-chunk-encoder.js';
export { decodeOpenAIError } from './decode-openai-error.js';
export { mapOpenAIFinishReason, toOpenAIFinishReason } from './map-openai-finish-reason.js';
export { decodeOpenAIUsage } from './decode-openai-usage.js';
export { encodeOpenAIUsage } from './encode-openai-usage.js';
export { decodeOpenAIEmbeddingsRequest } from './decode-openai-embeddings-request.js';
export { encodeOpenAIEmbeddingsResponse } from './encode-openai-embeddings-response.js';
export { encodeOpenAIError } from './encode-openai-error.js';
export { openaiChatSurface } from './openai-chat-surface.js';
