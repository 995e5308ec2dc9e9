import type { ChatStreamEvent } from '../../core/chat-stream-event.js';
import { GatewayError } from '../../core/errors.js';
import type { UpstreamFrame } from '../../core/upstream-frame.js';
import { anthropicMessagesDialect, anthropicMessagesPassthrough, createAnthropicStreamDecoder } from '../../dialects/anthropic-messages/index.js';
import { encodeAnthropicError } from '../../dialects/anthropic-messages/encode-anthropic-error.js';
import { decodeBedrockError } from '../../dialects/bedrock-converse/index.js';
import type { Dialect, StreamDecoder } from '../../dialects/dialect.js';
import type { PassthroughCodec } from '../../dialects/passthrough.js';
import { toBedrockClaudeEnvelope } from './bedrock-claude-envelope.js';
import { unwrapBedrockClaudeFrame } from './unwrap-bedrock-claude-frame.js';

// Model ids (`anthropic.claude-...`), cross-region inference profiles (`us.anthropic.claude-...`)
// and ARNs naming either. An application inference profile's ARN does not name its model,
// so it stays on Converse.
const CLAUDE_MODEL = /(?:^|[./:])anthropic\.claude/i;

/** Whether a Bedrock model id, inference profile id or ARN names a Claude model. */
export function isBedrockClaudeModel(model: string): boolean {
  return CLAUDE_MODEL.test(model);
}

/**
 * InvokeModelWithResponseStream frames -> canonical events: each chunk's Anthropic event
 * goes through Anthropic's own decoder. An exception ends the stream with one `error`
 * event mapped as Bedrock's HTTP errors are; a malformed chunk is an `error` event and
 * decoding goes on, as Anthropic's decoder does for a malformed event.
 */
function createBedrockClaudeStreamDecoder(): StreamDecoder {
  const anthropic = createAnthropicStreamDecoder();
  let ended = false;
  return {
    push(frame: UpstreamFrame): ChatStreamEvent[] {
      if (ended) return [];
      const unwrapped = unwrapBedrockClaudeFrame(frame);
      if (unwrapped === undefined) return [];
      if (!(unwrapped instanceof GatewayError)) return anthropic.push(unwrapped);
      if (frame.event !== 'chunk') ended = true;
      return [{ type: 'error', error: unwrapped }];
    },
    end: () => (ended ? [] : anthropic.end()),
  };
}

/**
 * Anthropic Messages on Bedrock (InvokeModel), used when the caller speaks Anthropic's API:
 * Anthropic's body and answer in Bedrock's envelope, streams in AWS's event stream, errors
 * in Bedrock's shape.
 */
export const bedrockClaudeDialect: Dialect = {
  id: 'anthropic-messages',
  streamFraming: 'aws-event-stream',
  encodeRequest(request, target) {
    const encoded = anthropicMessagesDialect.encodeRequest(request, target);
    return { ...encoded, body: toBedrockClaudeEnvelope(encoded.body) };
  },
  decodeResponse: anthropicMessagesDialect.decodeResponse,
  createStreamDecoder: createBedrockClaudeStreamDecoder,
  decodeError: decodeBedrockError,
};

/** An in-band exception as Anthropic's own stream `error` event, which its SDKs raise. */
function anthropicErrorFrame(error: GatewayError): UpstreamFrame {
  const data = JSON.stringify(encodeAnthropicError(error));
  return { event: 'error', data, raw: `event: error\ndata: ${data}\n\n` };
}

/**
 * An Anthropic client's body forwarded to Claude on Bedrock with only the envelope changed
 * (the `anthropic-beta` header moves into the body), and the answer's events unwrapped
 * from the event stream into Anthropic's server-sent events, byte for byte as Bedrock
 * relayed them. The non-streamed answer is Anthropic's message JSON as it is.
 */
export const bedrockClaudePassthrough: PassthroughCodec = {
  prepareBody: (body, options) => toBedrockClaudeEnvelope(body, options.callerHeaders?.['anthropic-beta']),
  readUsage: anthropicMessagesPassthrough.readUsage,
  createStreamTap: anthropicMessagesPassthrough.createStreamTap,
  bodyHeaders: ['anthropic-beta'],
  reframe(frame) {
    const unwrapped = unwrapBedrockClaudeFrame(frame);
    return unwrapped instanceof GatewayError ? anthropicErrorFrame(unwrapped) : unwrapped;
  },
};
