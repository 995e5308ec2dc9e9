import type { AbortSource } from '../core/cancellation.js';
import type { PushStream } from '../core/push-stream.js';
import type { StreamFraming, UpstreamFrame } from '../core/upstream-frame.js';

/** One request to a provider, fully resolved: URL, headers with credentials, body. */
export interface UpstreamRequest {
  /** The provider connection's name, for error messages. */
  provider: string;
  url: string;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string;
  /** Fires (`abort`) when the caller goes away; the upstream request is cancelled with it. */
  signal: AbortSignal | AbortSource;
  /** Longest wait for response headers (first byte). */
  headersTimeoutMs: number;
  /** Longest silence between two body chunks. */
  bodyTimeoutMs: number;
  /** Connection cap for this provider's origin. */
  maxConnections?: number | undefined;
}

export interface UpstreamResponse {
  status: number;
  /** Lower-cased header names. */
  headers: Record<string, string | string[] | undefined>;
  /** The body framed (SSE unless told otherwise): the frames completed by each arriving chunk, pulled or pushed. */
  frames(framing?: StreamFraming): PushStream<UpstreamFrame[]>;
  /** Reads the body as text, at most `limitBytes` (the rest is not read). */
  text(limitBytes: number): Promise<string>;
  /** Reads the whole body. */
  bytes(): Promise<Buffer>;
}

/** The only way the gateway talks to providers. Errors are GatewayErrors. */
export interface Transport {
  send(request: UpstreamRequest): Promise<UpstreamResponse>;
  close(): Promise<void>;
}
