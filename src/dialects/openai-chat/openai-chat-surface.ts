import type { InboundSurface } from '../surface.js';
import { createOpenAIChatChunkEncoder } from './create-openai-chat-chunk-encoder.js';
import { decodeOpenAIChatRequest } from './decode-openai-chat-request.js';
import { decodeOpenAIEmbeddingsRequest } from './decode-openai-embeddings-request.js';
import { encodeOpenAIChatResponse } from './encode-openai-chat-response.js';
import { encodeOpenAIError } from './encode-openai-error.js';
import { isOpenAIChatRefusal } from './is-openai-chat-refusal.js';

function sseData(value: unknown): string {
  return `data: ${JSON.stringify(value)}\n\n`;
}

/** OpenAI's Chat Completions (and embeddings) as the API clients speak to the gateway. */
export const openaiChatSurface: InboundSurface & { decodeEmbeddingRequest: typeof decodeOpenAIEmbeddingsRequest } = {
  dialect: 'openai-chat',
  decodeRequest: decodeOpenAIChatRequest,
  decodeEmbeddingRequest: decodeOpenAIEmbeddingsRequest,
  encodeResponse: (response, options) => ({ ...encodeOpenAIChatResponse(response), model: options.model }),
  createStreamEncoder(options) {
    const encoder = createOpenAIChatChunkEncoder({ model: options.model, includeUsage: options.includeUsage });
    return {
      encode(event) {
        let text = '';
        for (const chunk of encoder.encode(event)) text += sseData(chunk);
        return text;
      },
      end: () => 'data: [DONE]\n\n',
      error: (error) => sseData(encodeOpenAIError(error)),
    };
  },
  encodeError: encodeOpenAIError,
  isContentRefusal: isOpenAIChatRefusal,
};
