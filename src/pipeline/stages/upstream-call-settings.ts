import type { ProviderConnection } from '../../config/index.js';

const DEFAULT_HEADERS_TIMEOUT_MS = 300_000;
const STREAM_IDLE_TIMEOUT_MS = 120_000;

/**
 * Time limits for one upstream call: the connection's `timeout_ms` for the first byte
 * (5 min by default: long generations answer late), and for the body the same, or
 * 2 min of silence between chunks when streaming.
 */
export function upstreamTimeouts(connection: ProviderConnection, stream: boolean): { headersTimeoutMs: number; bodyTimeoutMs: number } {
  const headersTimeoutMs = connection.timeoutMs ?? DEFAULT_HEADERS_TIMEOUT_MS;
  return { headersTimeoutMs, bodyTimeoutMs: stream ? STREAM_IDLE_TIMEOUT_MS : headersTimeoutMs };
}

/** A response header's first value, '' when absent. */
export function readHeader(headers: Record<string, string | string[] | undefined>, name: string): string {
  const value = headers[name];
  return (Array.isArray(value) ? value[0] : value) ?? '';
}

export const COUNT_TOKENS_ONLY_ANTHROPIC = 'Token counting (/v1/messages/count_tokens) is offered only for models served by Anthropic.';
