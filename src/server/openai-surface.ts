import {
  createOpenAIChatChunkEncoder,
  decodeOpenAIChatRequest,
  decodeOpenAIEmbeddingsRequest,
  encodeOpenAIChatResponse,
  encodeOpenAIEmbeddingsResponse,
  encodeOpenAIError,
} from '../dialects/openai-chat/index.js';
import type { SurfaceCodec } from '../pipeline/index.js';

/** The OpenAI API as our inbound surface (chat completions and embeddings). */
export const openaiSurface: SurfaceCodec = {
  dialect: 'openai-chat',
  decodeChatRequest: decodeOpenAIChatRequest,
  decodeEmbeddingRequest: decodeOpenAIEmbeddingsRequest,
};

export { createOpenAIChatChunkEncoder, encodeOpenAIChatResponse, encodeOpenAIEmbeddingsResponse, encodeOpenAIError };
