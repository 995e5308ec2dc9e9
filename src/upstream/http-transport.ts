import { Pool } from 'undici';
import type { Dispatcher } from 'undici';
import type { StreamFraming, UpstreamFrame } from '../core/upstream-frame.js';
import { AwsEventStreamParser } from './aws-event-stream-parser.js';
import { mapTransportError } from './map-transport-error.js';
import { SseFrameParser } from './sse-frame-parser.js';
import type { Transport, UpstreamRequest, UpstreamResponse } from './transport.js';

export interface HttpTransportOptions {
  connectTimeoutMs: number;
  /** Connections per origin when a provider sets no `max_connections`; undefined = no cap. */
  defaultMaxConnections: number | undefined;
  keepAliveTimeoutMs: number;
}

function wrapResponse(response: Dispatcher.ResponseData, provider: string): UpstreamResponse {
  const { body } = response;
  async function* iterate(): AsyncIterable<Uint8Array> {
    try {
      for await (const chunk of body) yield chunk as Uint8Array;
    } catch (error) {
      throw mapTransportError(error, provider);
    }
  }
  async function* frames(framing: StreamFraming = 'sse'): AsyncIterable<UpstreamFrame[]> {
    const parser = framing === 'aws-event-stream' ? new AwsEventStreamParser() : new SseFrameParser();
    for await (const chunk of iterate()) {
      const completed = parser.push(chunk);
      if (completed.length > 0) yield completed;
    }
    const rest = parser.end();
    if (rest.length > 0) yield rest;
  }
  return {
    status: response.statusCode,
    headers: response.headers,
    frames,
    async text(limitBytes) {
      const chunks: Buffer[] = [];
      let size = 0;
      try {
        // Leaving the loop at the limit destroys the body: an error page is never read whole.
        for await (const chunk of body) {
          const buffer = chunk as Buffer;
          chunks.push(buffer.subarray(0, limitBytes - size));
          size += buffer.length;
          if (size >= limitBytes) break;
        }
      } catch (error) {
        throw mapTransportError(error, provider);
      }
      return Buffer.concat(chunks).toString('utf8');
    },
    bytes() {
      // Events, not arrayBuffer(): a one-chunk answer (the usual) is handed on uncopied.
      return new Promise<Buffer>((resolve, reject) => {
        const chunks: Buffer[] = [];
        body.on('data', (chunk: Buffer) => chunks.push(chunk));
        body.once('end', () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
        body.once('error', (error) => reject(mapTransportError(error, provider)));
      });
    },
  };
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
 * see BENCHMARKS.md). One keep-alive Pool per origin and settings, with its timeouts set
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
    async send(request: UpstreamRequest): Promise<UpstreamResponse> {
      try {
        const { origin, path } = destinationOf(request.url);
        const response = await poolFor(origin, request).request({
          path,
          method: request.method,
          headers: request.headers,
          body: request.body,
          // undici takes any emitter with on/once/removeListener and `aborted` (core/cancellation.ts).
          signal: request.signal as Dispatcher.RequestOptions['signal'],
        });
        return wrapResponse(response, request.provider);
      } catch (error) {
        throw mapTransportError(error, request.provider);
      }
    },
    async close() {
      await Promise.all([...pools.values()].map((pool) => pool.close()));
    },
  };
}
