import type { ChatRequest, DialectId } from '../core/chat-request.js';
import type { ChatResponse } from '../core/chat-response.js';
import type { ChatStreamEvent } from '../core/chat-stream-event.js';
import type { GatewayError } from '../core/errors.js';
import type { Warning } from '../core/warning.js';

/**
 * Writes one streamed answer in an inbound API's event format. Stateful (it numbers
 * blocks and remembers what it opened), fresh per response, pure otherwise.
 */
export interface SurfaceStreamEncoder {
  /** One canonical event in; the exact SSE text to send (may be empty). */
  encode(event: ChatStreamEvent): string;
  /** The stream ended normally: any closing text (OpenAI's `data: [DONE]`). */
  end(): string;
  /** A failure after the commit point, as this API's in-stream error event. */
  error(error: GatewayError): string;
}

export interface SurfaceResponseOptions {
  /** The model name shown to the caller. */
  model: string;
  /** The answer's id when the gateway chose it (a stored Responses turn); else derived from the provider's. */
  responseId?: string;
  /** Request settings some APIs repeat back in the answer (the Responses API's echo). */
  echo?: Readonly<Record<string, unknown>>;
}

export interface SurfaceStreamOptions extends SurfaceResponseOptions {
  /** The caller asked for usage inside the stream (OpenAI `stream_options.include_usage`). */
  includeUsage: boolean;
}

/**
 * An API that clients speak to the gateway (OpenAI chat, Anthropic Messages, OpenAI
 * Responses): its requests decoded to the canonical model, canonical answers encoded back.
 * Pure functions; the server does the I/O.
 */
export interface InboundSurface {
  readonly dialect: DialectId;
  /**
   * Decodes a parsed request body (untrusted). Throws a `GW_INVALID_REQUEST`
   * GatewayError naming the offending `param` when the body is not a valid request.
   * Parts it cannot carry but may drop safely become entries of `warnings`.
   */
  decodeRequest(body: Record<string, unknown>, warnings?: Warning[]): ChatRequest;
  /** The complete answer, as the JSON body this API returns. */
  encodeResponse(response: ChatResponse, options: SurfaceResponseOptions): unknown;
  createStreamEncoder(options: SurfaceStreamOptions): SurfaceStreamEncoder;
  /** An error answer's JSON body in this API's error shape (the status comes from the error). */
  encodeError(error: GatewayError): unknown;
  /**
   * Whether a complete answer in this API's JSON shape (an upstream's, passed through) is a
   * content-filter refusal, for `content_fallbacks`. Untrusted input: never throws.
   */
  isContentRefusal?(body: unknown): boolean;
}
