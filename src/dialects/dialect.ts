import type { ChatRequest, DialectId } from '../core/chat-request.js';
import type { ChatResponse } from '../core/chat-response.js';
import type { ChatStreamEvent } from '../core/chat-stream-event.js';
import type { GatewayError } from '../core/errors.js';
import type { StreamFraming, UpstreamFrame } from '../core/upstream-frame.js';

export type { StreamFraming };
import type { Warning } from '../core/warning.js';

/** What an outbound encoder needs to know about the deployment it writes for. */
export interface EncodeTarget {
  /** The provider's own model name (the deployment's `model`). */
  model: string;
  /**
   * The model's output-token limit when known (price catalog or config); a dialect that
   * requires a maximum (Anthropic's `max_tokens`) defaults to it, with a warning.
   */
  maxOutputTokens?: number;
}

/** A provider request body, before credentials and base URL are applied. */
export interface EncodedRequest {
  /** Path relative to the provider's base URL, e.g. `/chat/completions`. */
  path: string;
  body: Record<string, unknown>;
  /** Settings the target cannot honour; never dropped silently. */
  warnings: Warning[];
}

/**
 * A stateful, I/O-free decoder for one streamed response: frames in, canonical events
 * out. Fresh per response.
 */
export interface StreamDecoder {
  /** One framed unit (an SSE event or a JSON line) in; zero or more events out. */
  push(frame: UpstreamFrame): ChatStreamEvent[];
  /** The upstream body ended: close open blocks, emit `response-end` if not yet sent. */
  end(): ChatStreamEvent[];
}

/**
 * A wire format used outbound. Every member is a pure function over data: no I/O, no
 * config lookups, no clock, no logging.
 */
export interface Dialect {
  readonly id: DialectId;
  /**
   * How a streamed answer is framed on the wire: server-sent events (the default) or
   * AWS's binary event stream (Bedrock). The transport picks its frame parser by it.
   */
  readonly streamFraming?: StreamFraming;
  encodeRequest(request: ChatRequest, target: EncodeTarget): EncodedRequest;
  /** Decodes a complete response body (already JSON-parsed, still untrusted). */
  decodeResponse(body: unknown): ChatResponse;
  createStreamDecoder(): StreamDecoder;
  /**
   * Turns a provider's non-2xx answer into the gateway's error: normalized kind,
   * retryability, and `Retry-After` when the provider gave one.
   */
  decodeError(input: UpstreamErrorInput): GatewayError;
}

export interface UpstreamErrorInput {
  /** The provider's configured name, for the error's `upstream` field. */
  provider: string;
  status: number;
  /** Response headers, lower-cased names. */
  headers: Record<string, string | string[] | undefined>;
  /** The response body as text, possibly truncated. */
  body: string;
  /** Epoch ms, for `Retry-After` given as an HTTP date. */
  now: number;
}
