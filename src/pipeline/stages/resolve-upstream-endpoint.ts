import type { ProviderConnection } from '../../config/index.js';
import type { DialectId } from '../../core/chat-request.js';
import type { Operation, ProviderAdapter, UpstreamEndpoint } from '../../providers/index.js';

// URL and headers depend only on the connection (frozen per config snapshot), the
// operation, the model, whether the call streams and the dialect it speaks, so they are
// built once and reused; a reload brings new connection objects and so a fresh cache.
const cache = new WeakMap<ProviderConnection, Map<string, UpstreamEndpoint | undefined>>();
const PER_CONNECTION_LIMIT = 256;

/** The endpoint for one call, content negotiation headers included; undefined when not offered. */
export function resolveUpstreamEndpoint(
  adapter: ProviderAdapter,
  connection: ProviderConnection,
  operation: Operation,
  model: string,
  stream: boolean,
  dialect: DialectId,
): UpstreamEndpoint | undefined {
  let byCall = cache.get(connection);
  if (!byCall) {
    byCall = new Map();
    cache.set(connection, byCall);
  }
  const key = `${operation}\u0000${stream ? 1 : 0}\u0000${dialect}\u0000${model}`;
  if (byCall.has(key)) return byCall.get(key);
  const endpoint = adapter.endpoint?.(connection, operation, model, stream, dialect);
  const resolved = endpoint && {
    url: endpoint.url,
    headers: Object.freeze({
      'content-type': 'application/json',
      accept: stream ? 'text/event-stream' : 'application/json',
      // An adapter's own content negotiation wins (Bedrock streams are AWS event streams).
      ...endpoint.headers,
    }),
  };
  if (byCall.size >= PER_CONNECTION_LIMIT) byCall.clear();
  byCall.set(key, resolved);
  return resolved;
}
