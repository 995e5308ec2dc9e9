import type { PassthroughCodec, StreamTap, TapResult } from '../passthrough.js';
import { readLastJsonObjectMember } from '../_shared/read-last-json-object-member.js';
import { decodeOpenAIUsage } from './decode-openai-usage.js';

// Parsing every chunk would cost more than the proxying itself; only chunks that can
// carry usage or an error are parsed.
const USAGE_OBJECT = /"usage"\s*:\s*\{/;
const FORWARD: TapResult = { forward: true };

function createOpenAIChatStreamTap(options: { dropUsageOnlyFrames: boolean }): StreamTap {
  return {
    push(frame) {
      const data = frame.data;
      if (data.length === 0 || data === '[DONE]') return FORWARD;
      const hasUsage = USAGE_OBJECT.test(data);
      const hasError = !hasUsage && data.startsWith('{"error"');
      if (!hasUsage && !hasError) return FORWARD;
      let chunk: Record<string, unknown>;
      try {
        chunk = JSON.parse(data) as Record<string, unknown>;
      } catch {
        return FORWARD;
      }
      if (hasError) {
        const error = chunk.error as { message?: unknown } | undefined;
        return { forward: true, errorMessage: typeof error?.message === 'string' ? error.message : 'upstream stream error' };
      }
      const usage = decodeOpenAIUsage(chunk.usage);
      const usageOnly = Array.isArray(chunk.choices) && chunk.choices.length === 0;
      return { forward: !(usageOnly && options.dropUsageOnlyFrames), usage };
    },
  };
}

/** Same-dialect forwarding for OpenAI chat completions. */
export const openaiChatPassthrough: PassthroughCodec = {
  prepareBody(body, options) {
    const prepared: Record<string, unknown> = { ...body, model: options.model };
    if (body.stream === true && options.requestStreamUsage) {
      const streamOptions = body.stream_options;
      const existing = streamOptions !== null && typeof streamOptions === 'object' ? (streamOptions as Record<string, unknown>) : {};
      prepared.stream_options = { ...existing, include_usage: true };
    }
    return prepared;
  },
  readUsage: (bodyText) => decodeOpenAIUsage(readLastJsonObjectMember(bodyText, 'usage')),
  createStreamTap: createOpenAIChatStreamTap,
};

/** Same-dialect forwarding for OpenAI embeddings. */
export const openaiEmbeddingsPassthrough: PassthroughCodec = {
  prepareBody(body, options) {
    return { ...body, model: options.model };
  },
  readUsage: (bodyText) => decodeOpenAIUsage(readLastJsonObjectMember(bodyText, 'usage')),
};
