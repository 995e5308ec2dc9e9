import type { AbortSource } from '../../core/cancellation.js';
import type { ModelRoute, ProviderConnection } from '../../config/index.js';

const DEFAULT_HEADERS_TIMEOUT_MS = 300_000;
const STREAM_IDLE_TIMEOUT_MS = 120_000;

/**
 * Time limits for one upstream call: the first byte within the model's
 * `first_byte_timeout_ms`, else the connection's `timeout_ms` (5 min by default: long
 * generations answer late); the body within the same, or, when streaming, the model's
 * `stream_idle_timeout_ms` (2 min by default) of silence between chunks.
 */
export function upstreamTimeouts(connection: ProviderConnection, stream: boolean, timeouts?: ModelRoute['timeouts']): { headersTimeoutMs: number; bodyTimeoutMs: number } {
  const headersTimeoutMs = timeouts?.firstByteMs ?? connection.timeoutMs ?? DEFAULT_HEADERS_TIMEOUT_MS;
  return { headersTimeoutMs, bodyTimeoutMs: stream ? (timeouts?.streamIdleMs ?? STREAM_IDLE_TIMEOUT_MS) : headersTimeoutMs };
}

/** A response header's first value, '' when absent. */
export function readHeader(headers: Record<string, string | string[] | undefined>, name: string): string {
  const value = headers[name];
  return (Array.isArray(value) ? value[0] : value) ?? '';
}

export const COUNT_TOKENS_ONLY_ANTHROPIC = 'Token counting (/v1/messages/count_tokens) is offered only for models served by Anthropic.';

/** What an attempt sends besides the request: its abort signal and its `traceparent`. */
export interface AttemptCall {
  signal: AbortSource;
  traceparent: string | undefined;
}

/** The endpoint's headers plus the attempt's `traceparent` (before signing, so a signature covers it). */
export function withTraceparent(headers: Record<string, string>, traceparent: string | undefined): Record<string, string> {
  return traceparent === undefined ? headers : { ...headers, traceparent };
}
