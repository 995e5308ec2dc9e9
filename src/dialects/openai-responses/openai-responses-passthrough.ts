import type { PassthroughCodec, StreamTap, TapResult } from '../passthrough.js';
import { readLastJsonObjectMember } from '../_shared/read-last-json-object-member.js';
import { decodeResponsesUsage } from './decode-responses-usage.js';
import { isRecord } from '../_shared/is-record.js';

const FORWARD: TapResult = { forward: true };
const TERMINAL = new Set(['response.completed', 'response.incomplete', 'response.failed']);
// Events without an `event:` line are recognised by their leading `type` member, which
// OpenAI writes first; only terminal and error events are ever parsed.
const LEADING_TYPE = /^\{\s*"type"\s*:\s*"([a-z_.]+)"/;

function createResponsesStreamTap(): StreamTap {
  return {
    push(frame) {
      const type = frame.event ?? LEADING_TYPE.exec(frame.data)?.[1];
      if (type === undefined || (type !== 'error' && !TERMINAL.has(type))) return FORWARD;
      let event: Record<string, unknown>;
      try {
        event = JSON.parse(frame.data) as Record<string, unknown>;
      } catch {
        return FORWARD;
      }
      if (type === 'error') return { forward: true, errorMessage: readMessage(event) ?? 'upstream stream error' };
      const response = isRecord(event.response) ? event.response : {};
      const result: TapResult = { forward: true };
      const usage = decodeResponsesUsage(response.usage);
      if (usage) result.usage = usage;
      if (type === 'response.failed') result.errorMessage = readMessage(response.error) ?? 'upstream response failed';
      return result;
    },
  };
}

function readMessage(value: unknown): string | undefined {
  return isRecord(value) && typeof value.message === 'string' ? value.message : undefined;
}

/**
 * Same-dialect forwarding to OpenAI's own `/v1/responses`: the body goes out with only
 * `model` rewritten (the Responses API always reports usage, so there is nothing to ask
 * for); usage is read from a complete Response object or from the stream's terminal
 * event, and every frame is forwarded as it came.
 */
export const openaiResponsesPassthrough: PassthroughCodec = {
  prepareBody: (body, options) => ({ ...body, model: options.model }),
  // OpenAI writes `usage` after `output`, so the last `usage` member is the response's own.
  readUsage: (bodyText) => decodeResponsesUsage(readLastJsonObjectMember(bodyText, 'usage')),
  createStreamTap: createResponsesStreamTap,
};
