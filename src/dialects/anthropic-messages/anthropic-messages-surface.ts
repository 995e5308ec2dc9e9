import type { InboundSurface } from '../surface.js';
import { createAnthropicSseEncoder } from './create-anthropic-sse-encoder.js';
import { decodeAnthropicMessagesRequest } from './decode-anthropic-messages-request.js';
import { encodeAnthropicError } from './encode-anthropic-error.js';
import { encodeAnthropicMessagesResponse } from './encode-anthropic-messages-response.js';
import { isAnthropicRefusal } from './is-anthropic-refusal.js';

/**
 * Anthropic's Messages API as an inbound surface: what Claude Code and
 * `@anthropic-ai/sdk` send to `POST /v1/messages`, answered by any provider.
 * SURFACE.md records the mapping decisions.
 */
export const anthropicMessagesSurface: InboundSurface = {
  dialect: 'anthropic-messages',
  decodeRequest: decodeAnthropicMessagesRequest,
  encodeResponse: encodeAnthropicMessagesResponse,
  createStreamEncoder: createAnthropicSseEncoder,
  encodeError: encodeAnthropicError,
  isContentRefusal: isAnthropicRefusal,
};
