import type { GatewayError } from '../core/errors.js';
import type { Usage } from '../core/usage.js';
import type { UpstreamFrame } from '../core/upstream-frame.js';
import type { Warning } from '../core/warning.js';

/**
 * What a passthrough may change in a body: the model name, the usage request, and the
 * envelope a host wraps around the same API (Claude on Bedrock and Vertex).
 */
export interface PassthroughBodyOptions {
  /** The deployment's model name, replacing the one the caller sent (or, on hosts that name it in the URL, dropped). */
  model: string;
  /** Ask the upstream for a usage chunk in streams (the caller may not have). */
  requestStreamUsage: boolean;
  /** Receives what the target cannot take as sent (a provider quirk dropping a field). */
  warnings?: Warning[];
  /**
   * The caller's values of the codec's `bodyHeaders` (lower-case names, values of a safe
   * shape, repeated headers joined with `,`); absent names were not sent. Written by the
   * passthrough call; undefined when the codec names no `bodyHeaders`.
   */
  callerHeaders?: Readonly<Record<string, string>>;
}

/** The verdict of a stream tap on one frame. */
export interface TapResult {
  /** False when the frame exists only for the gateway (a usage chunk the caller did not ask for). */
  forward: boolean;
  /** Usage, when this frame reported it. */
  usage?: Usage;
  /** The stream reported an error in-band. */
  errorMessage?: string;
  /**
   * That error classified (rate limited, overloaded...), when the dialect's error event
   * says: before the commit point it is thrown like an error answer.
   */
  error?: GatewayError;
}

/** Reads what the gateway needs off a forwarded stream, one frame at a time. */
export interface StreamTap {
  push(frame: UpstreamFrame): TapResult;
}

/**
 * Same-dialect forwarding: the body goes out as the caller wrote it (unknown fields
 * kept), the answer comes back as the upstream wrote it, and the gateway only reads
 * what it must (usage) instead of rebuilding every event. Pure functions.
 *
 * A host may wrap the same API in its own envelope (Claude on Bedrock: the model in the
 * URL, `anthropic_version` and `anthropic_beta` in the body, every event of the stream
 * inside an AWS event-stream message): `prepareBody`, `bodyHeaders` and `reframe` cover
 * that, so the caller still sends and receives its own API's bytes.
 */
export interface PassthroughCodec {
  /** The body to send: the caller's, with only the model and the host's envelope changed. */
  prepareBody(body: Record<string, unknown>, options: PassthroughBodyOptions): Record<string, unknown>;
  /** Usage from a complete JSON answer's text; undefined when the upstream did not report it. */
  readUsage(bodyText: string): Usage | undefined;
  /**
   * A fresh tap per streamed answer; `dropUsageOnlyFrames` when the caller did not ask for
   * usage. It sees frames as the caller receives them (after `reframe`).
   */
  createStreamTap?(options: { dropUsageOnlyFrames: boolean }): StreamTap;
  /**
   * Caller headers that belong to the API itself and travel with the body (Anthropic's
   * `anthropic-beta`, which switches on the body fields it goes with). Lower-case names.
   */
  readonly forwardHeaders?: readonly string[];
  /**
   * Caller headers the host takes in the body instead (Bedrock reads `anthropic-beta` as
   * the body's `anthropic_beta` list): their values reach `prepareBody` as
   * `options.callerHeaders` and are not sent as headers. Lower-case names.
   */
  readonly bodyHeaders?: readonly string[];
  /**
   * For a host whose stream framing differs from the caller's API (the dialect's
   * `streamFraming`): one upstream frame as the caller's API frames it, `raw` being the
   * exact text to forward (an Anthropic SSE event unwrapped from a Bedrock event-stream
   * message; an in-band exception as the API's own `error` event). Undefined drops the
   * frame. Absent: frames are forwarded as they arrived (`raw`). Never throws.
   */
  reframe?(frame: UpstreamFrame): UpstreamFrame | undefined;
}
