import { once } from 'node:events';
import { createServer } from 'node:http';
import type { IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface CapturedPost {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/**
 * A loopback HTTP sink standing in for a remote collector (OTLP receiver, webhook, log
 * store): records every request body and answers `status()` (200 unless changed).
 * `listen(port)` can reopen it on the same port after `close()`, for outage tests.
 */
export interface CaptureServer {
  url: string;
  port: number;
  posts: CapturedPost[];
  /** The status the next requests get. */
  answerWith(status: number): void;
  /** Resolves once `count` posts have arrived (rejects after `timeoutMs`). */
  waitFor(count: number, timeoutMs?: number): Promise<CapturedPost[]>;
  close(): Promise<void>;
  listen(): Promise<void>;
}

export async function startCaptureServer(port = 0): Promise<CaptureServer> {
  const posts: CapturedPost[] = [];
  let status = 200;
  let server: Server;
  const open = async (onPort: number) => {
    server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        if (status < 300) posts.push({ path: request.url ?? '/', headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
        response.writeHead(status, { 'content-type': 'application/json' });
        response.end('{}');
      });
    });
    server.listen(onPort, '127.0.0.1');
    await once(server, 'listening');
    return (server.address() as AddressInfo).port;
  };
  const boundPort = await open(port);
  return {
    url: `http://127.0.0.1:${boundPort}`,
    port: boundPort,
    posts,
    answerWith(next) {
      status = next;
    },
    async waitFor(count, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (posts.length < count) {
        if (Date.now() > deadline) throw new Error(`expected ${count} posts, got ${posts.length}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      return posts;
    },
    async close() {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
    async listen() {
      await open(boundPort);
    },
  };
}
