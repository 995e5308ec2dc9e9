import type { Usage } from '../core/usage.js';
import type { UpstreamFrame } from '../core/upstream-frame.js';
import type { Warning } from '../core/warning.js';

/** What a passthrough may change in a body: the model name and the usage request. */
export interface PassthroughBodyOptions {
  /** The deployment's model name, replacing the one the caller sent. */
  model: string;
  /** Ask the upstream for a usage chunk in streams (the caller may not have). */
  requestStreamUsage: boolean;
  /** Receives what the target cannot take as sent (a provider quirk dropping a field). */
  warnings?: Warning[];
}

/** The verdict of a stream tap on one frame. */
export interface TapResult {
  /** False when the frame exists only for the gateway (a usage chunk the caller did not ask for). */
  forward: boolean;
  /** Usage, when this frame reported it. */
  usage?: Usage;
  /** The stream reported an error in-band. */
  errorMessage?: string;
}

export interface StreamTap {
  push(frame: UpstreamFrame): TapResult;
}

/**
 * Same-dialect forwarding: the body goes out as the caller wrote it (unknown fields
 * kept), the answer comes back as the upstream wrote it, and the gateway only reads
 * what it must (usage) instead of rebuilding every event. Pure functions.
 */
export interface PassthroughCodec {
  prepareBody(body: Record<string, unknown>, options: PassthroughBodyOptions): Record<string, unknown>;
  /** Usage from a complete JSON answer's text; undefined when the upstream did not report it. */
  readUsage(bodyText: string): Usage | undefined;
  /** A fresh tap per streamed answer; `dropUsageOnlyFrames` when the caller did not ask for usage. */
  createStreamTap?(options: { dropUsageOnlyFrames: boolean }): StreamTap;
  /**
   * Caller headers that belong to the API itself and travel with the body (Anthropic's
   * `anthropic-beta`, which switches on the body fields it goes with). Lower-case names.
   */
  readonly forwardHeaders?: readonly string[];
}
