import { Pool } from 'undici';
import { DispatchedResponse } from './dispatched-response.js';
import { mapTransportError } from './map-transport-error.js';
import type { Transport, UpstreamRequest, UpstreamResponse } from './transport.js';

export interface HttpTransportOptions {
  connectTimeoutMs: number;
  /** Connections per origin when a provider sets no `max_connections`; undefined = no cap. */
  defaultMaxConnections: number | undefined;
  keepAliveTimeoutMs: number;
}

interface Destination {
  origin: string;
  path: string;
}

// Endpoint URLs repeat (one per provider and operation); parsing each once saves a URL
// object per request. Bounded, as URLs can carry deployment names.
const DESTINATIONS_LIMIT = 1024;

/**
 * Provider calls over undici's dispatcher API (not `fetch()`, ~4x the CPU per request,
 * see BENCHMARKS.md; not `request()` either, see DispatchedResponse). One keep-alive Pool per origin and settings, with its timeouts set
 * on the pool rather than on every request.
 */
export function createHttpTransport(options: HttpTransportOptions): Transport {
  const pools = new Map<string, Pool>();
  const destinations = new Map<string, Destination>();

  function destinationOf(url: string): Destination {
    let destination = destinations.get(url);
    if (!destination) {
      const parsed = new URL(url);
      destination = { origin: parsed.origin, path: `${parsed.pathname}${parsed.search}` };
      if (destinations.size >= DESTINATIONS_LIMIT) destinations.clear();
      destinations.set(url, destination);
    }
    return destination;
  }

  function poolFor(origin: string, request: UpstreamRequest): Pool {
    const connections = request.maxConnections ?? options.defaultMaxConnections ?? null;
    const key = `${origin} ${connections} ${request.headersTimeoutMs} ${request.bodyTimeoutMs}`;
    let pool = pools.get(key);
    if (!pool) {
      pool = new Pool(origin, {
        connections,
        keepAliveTimeout: options.keepAliveTimeoutMs,
        headersTimeout: request.headersTimeoutMs,
        bodyTimeout: request.bodyTimeoutMs,
        connect: { timeout: options.connectTimeoutMs },
      });
      pools.set(key, pool);
    }
    return pool;
  }

  return {
    // Not async: the promise settled by the handler is the only one per call.
    send(request: UpstreamRequest): Promise<UpstreamResponse> {
      let pool: Pool;
      let path: string;
      try {
        const destination = destinationOf(request.url);
        path = destination.path;
        pool = poolFor(destination.origin, request);
      } catch (error) {
        return Promise.reject(mapTransportError(error, request.provider));
      }
      return new Promise<UpstreamResponse>((resolve, reject) => {
        const handler = new DispatchedResponse(request.provider, request.signal, resolve, reject);
        pool.dispatch({ path, method: request.method, headers: request.headers, body: request.body }, handler);
      });
    },
    async close() {
      await Promise.all([...pools.values()].map((pool) => pool.close()));
    },
  };
}
