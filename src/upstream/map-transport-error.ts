import { GatewayError } from '../core/errors.js';

const TIMEOUT_CODES = new Set(['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'ETIMEDOUT']);

/**
 * undici and socket failures to gateway errors, by stable `code` (never by message).
 * Aborts pass through untouched: the caller left, there is nobody to answer.
 */
export function mapTransportError(error: unknown, provider: string): unknown {
  if (error instanceof GatewayError) return error;
  const code = (error as { code?: unknown }).code;
  const name = (error as { name?: unknown }).name;
  if (name === 'AbortError' || code === 'UND_ERR_ABORTED' || code === 'ABORT_ERR') return error;
  if (typeof code === 'string' && TIMEOUT_CODES.has(code)) {
    return new GatewayError('GW_UPSTREAM_TIMEOUT', `${provider}: upstream timed out (${code})`, { upstream: { provider }, cause: error });
  }
  const detail = typeof code === 'string' ? code : 'connection failed';
  return new GatewayError('GW_UPSTREAM_ERROR', `${provider}: upstream unreachable (${detail})`, { upstream: { provider }, cause: error });
}
