import { Agent } from 'undici';
import type { Dispatcher } from 'undici';
import type { UpstreamFrame } from '../core/upstream-frame.js';
import { mapTransportError } from './map-transport-error.js';
import { SseFrameParser } from './sse-frame-parser.js';
import type { Transport, UpstreamRequest, UpstreamResponse } from './transport.js';

export interface HttpTransportOptions {
  connectTimeoutMs: number;
  /** Connections per origin when a provider sets no `max_connections`. */
  defaultMaxConnections: number;
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
  async function* frames(): AsyncIterable<UpstreamFrame[]> {
    const parser = new SseFrameParser();
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
    body: iterate(),
    frames,
    async text(limitBytes) {
      const chunks: Buffer[] = [];
      let size = 0;
      try {
        for await (const chunk of body) {
          const buffer = chunk as Buffer;
          if (size < limitBytes) chunks.push(buffer.subarray(0, limitBytes - size));
          size += buffer.length;
        }
      } catch (error) {
        throw mapTransportError(error, provider);
      }
      return Buffer.concat(chunks).toString('utf8');
    },
    async bytes() {
      try {
        return Buffer.from(await body.arrayBuffer());
      } catch (error) {
        throw mapTransportError(error, provider);
      }
    },
    async discard() {
      await body.dump().catch(() => undefined);
    },
  };
}

/**
 * Provider calls over undici's dispatcher API (not `fetch()`: web streams cost a third
 * of a proxy's throughput, see BENCHMARKS.md). One keep-alive Agent per connection cap;
 * undici pools per origin inside it.
 */
export function createHttpTransport(options: HttpTransportOptions): Transport {
  const agents = new Map<number, Agent>();
  function agentFor(maxConnections: number): Agent {
    let agent = agents.get(maxConnections);
    if (!agent) {
      agent = new Agent({
        connections: maxConnections,
        keepAliveTimeout: options.keepAliveTimeoutMs,
        connect: { timeout: options.connectTimeoutMs },
      });
      agents.set(maxConnections, agent);
    }
    return agent;
  }

  return {
    async send(request: UpstreamRequest): Promise<UpstreamResponse> {
      const url = new URL(request.url);
      try {
        const response = await agentFor(request.maxConnections ?? options.defaultMaxConnections).request({
          origin: url.origin,
          path: `${url.pathname}${url.search}`,
          method: request.method,
          headers: request.headers,
          body: request.body,
          signal: request.signal,
          headersTimeout: request.headersTimeoutMs,
          bodyTimeout: request.bodyTimeoutMs,
        });
        return wrapResponse(response, request.provider);
      } catch (error) {
        throw mapTransportError(error, request.provider);
      }
    },
    async close() {
      await Promise.all([...agents.values()].map((agent) => agent.close()));
    },
  };
}
