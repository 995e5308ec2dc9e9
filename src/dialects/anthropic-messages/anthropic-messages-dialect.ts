import type { Dialect } from '../dialect.js';
import { createAnthropicStreamDecoder } from './anthropic-stream-decoder.js';
import { decodeAnthropicError } from './decode-anthropic-error.js';
import { decodeAnthropicResponse } from './decode-anthropic-response.js';
import { encodeAnthropicRequest } from './encode-anthropic-request.js';

/** Anthropic Messages used outbound: Anthropic itself, and Claude on Bedrock and Vertex. */
export const anthropicMessagesDialect: Dialect = {
  id: 'anthropic-messages',
  encodeRequest: encodeAnthropicRequest,
  decodeResponse: decodeAnthropicResponse,
  createStreamDecoder: createAnthropicStreamDecoder,
  decodeError: decodeAnthropicError,
};
