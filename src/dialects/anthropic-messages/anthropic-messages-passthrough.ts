import type { UpstreamFrame } from '../../core/upstream-frame.js';
import { readLastJsonObjectMember } from '../_shared/read-last-json-object-member.js';
import type { PassthroughCodec, StreamTap, TapResult } from '../passthrough.js';
import { decodeAnthropicStreamError, readAnthropicErrorBody } from './decode-anthropic-error.js';
import { decodeAnthropicUsage, mergeAnthropicUsage } from './decode-anthropic-usage.js';

const FORWARD: TapResult = { forward: true };
const TAPPED_EVENTS = new Set(['message_start', 'message_delta', 'error']);
// Frames without an `event:` line are recognized by their leading `type`; parsing every
// delta would cost more than forwarding it.
const TAPPED_TYPE = /^\s*\{\s*"type"\s*:\s*"(message_start|message_delta|error)"/;

/**
 * Reads usage and in-band errors off a forwarded Messages stream. Every frame is
 * forwarded: Anthropic sends no usage-only frames, so there is nothing to drop. Usage is
 * the merge of `message_start` and `message_delta`, reported at both, so a stream cut
 * after the start still settles its input tokens.
 */
function createAnthropicStreamTap(): StreamTap {
  let startUsage: unknown;
  return {
    push(frame: UpstreamFrame): TapResult {
      const type = frame.event !== undefined && TAPPED_EVENTS.has(frame.event) ? frame.event : TAPPED_TYPE.exec(frame.data)?.[1];
      if (type === undefined) return FORWARD;
      let event: Record<string, unknown>;
      try {
        event = JSON.parse(frame.data) as Record<string, unknown>;
      } catch {
        return FORWARD;
      }
      if (type === 'error') {
        const details = readAnthropicErrorBody(event) ?? {};
        return { forward: true, errorMessage: details.message ?? details.type ?? 'upstream stream error', error: decodeAnthropicStreamError(details) };
      }
      if (type === 'message_start') {
        const message = event.message as { usage?: unknown } | undefined;
        startUsage = message?.usage;
        return { forward: true, usage: decodeAnthropicUsage(startUsage) };
      }
      return { forward: true, usage: decodeAnthropicUsage(mergeAnthropicUsage(startUsage, event.usage)) };
    },
  };
}

/** Same-dialect forwarding for Anthropic Messages: only `model` is rewritten. */
export const anthropicMessagesPassthrough: PassthroughCodec = {
  prepareBody(body, options) {
    return { ...body, model: options.model };
  },
  readUsage: (bodyText) => decodeAnthropicUsage(readLastJsonObjectMember(bodyText, 'usage')),
  createStreamTap: createAnthropicStreamTap,
  forwardHeaders: ['anthropic-beta'],
};

/** `POST /v1/messages/count_tokens` forwarded: the model rewritten, the answer counts no usage. */
export const anthropicCountTokensPassthrough: PassthroughCodec = {
  prepareBody(body, options) {
    return { ...body, model: options.model };
  },
  readUsage: () => undefined,
  forwardHeaders: ['anthropic-beta'],
};
