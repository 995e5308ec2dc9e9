import type { Dialect } from '../dialect.js';
import { decodeOpenAIChatResponse } from './decode-openai-chat-response.js';
import { decodeOpenAIError } from './decode-openai-error.js';
import { encodeOpenAIChatRequest } from './encode-openai-chat-request.js';
import { createOpenAIChatStreamDecoder } from './openai-chat-stream-decoder.js';

/** OpenAI Chat Completions used outbound: OpenAI itself and every compatible server. */
export const openaiChatDialect: Dialect = {
  id: 'openai-chat',
  encodeRequest: encodeOpenAIChatRequest,
  decodeResponse: decodeOpenAIChatResponse,
  createStreamDecoder: createOpenAIChatStreamDecoder,
  decodeError: decodeOpenAIError,
};
