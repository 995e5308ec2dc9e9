import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Cancellation } from '../core/cancellation.js';
import { GatewayError } from '../core/errors.js';
import { createHttpTransport } from './http-transport.js';
import type { Transport, UpstreamRequest } from './transport.js';

type Handler = (request: IncomingMessage, response: ServerResponse) => void;

let server: Server;
let handler: Handler;
let baseUrl: string;
let transport: Transport;
let closedRequests: number;

beforeEach(async () => {
  closedRequests = 0;
  server = createServer((request, response) => {
    response.on('close', () => {
      if (!response.writableFinished) closedRequests += 1;
    });
    handler(request, response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  transport = createHttpTransport({ connectTimeoutMs: 1000, defaultMaxConnections: undefined, keepAliveTimeoutMs: 1000 });
});

afterEach(async () => {
  await transport.close();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

function request(overrides: Partial<UpstreamRequest> = {}): UpstreamRequest {
  return { provider: 'up', url: `${baseUrl}/v1/x?q=1`, method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":1}', signal: new Cancellation(), headersTimeoutMs: 2000, bodyTimeoutMs: 2000, ...overrides };
}

const waitFor = async (check: () => boolean) => {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
  expect(check()).toBe(true);
};

describe('createHttpTransport', () => {
  it('sends method, path, headers and body, and reads status, lower-cased headers and the whole body', async () => {
    let seen = '';
    handler = (req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        seen = `${req.method} ${req.url} ${req.headers['content-type']} ${body}`;
        res.writeHead(201, { 'X-Thing': 'yes', 'content-type': 'application/json' });
        res.write('{"part":');
        setTimeout(() => res.end('2}'), 10);
      });
    };
    const response = await transport.send(request());
    expect(response.status).toBe(201);
    expect(response.headers['x-thing']).toBe('yes');
    expect((await response.bytes()).toString()).toBe('{"part":2}');
    expect(seen).toBe('POST /v1/x?q=1 application/json {"a":1}');
  });

  it('frames an event stream as chunks arrive', async () => {
    handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('data: one\n\nda');
      setTimeout(() => res.end('ta: two\n\ndata: [DONE]\n\n'), 10);
    };
    const response = await transport.send(request());
    const batches: string[][] = [];
    for await (const frames of response.frames()) batches.push(frames.map((frame) => frame.data));
    expect(batches).toEqual([['one'], ['two', '[DONE]']]);
  });

  it('pushes the frames of a stream as they arrive, after the first batch was pulled', async () => {
    handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('data: one\n\n');
      setTimeout(() => res.write('data: two\n\n'), 10);
      setTimeout(() => res.end('data: [DONE]\n\n'), 20);
    };
    const stream = (await transport.send(request())).frames();
    expect((await stream.next()).value).toEqual([expect.objectContaining({ data: 'one' })]);
    const pushed: string[] = [];
    await stream.pushTo({ write: (frames) => pushed.push(...frames.map((frame) => frame.data)) > 0 });
    expect(pushed).toEqual(['two', '[DONE]']);
  });

  it('pauses the socket while a pushed-to sink is full, and resumes on resume()', async () => {
    const frame = `data: ${'x'.repeat(16 * 1024)}\n\n`;
    const total = 1024;
    handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      for (let i = 0; i < total; i++) res.write(frame);
      res.end();
    };
    const stream = (await transport.send(request())).frames();
    let delivered = 0;
    let full = true;
    let settled = false;
    const pushing = stream.pushTo({ write: (frames) => ((delivered += frames.length), !full) }).finally(() => (settled = true));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(settled).toBe(false);
    expect(delivered).toBeLessThan(total / 2);
    full = false;
    stream.resume();
    await pushing;
    expect(delivered).toBe(total);
  });

  it('rejects a push when the upstream fails mid-stream, and ends it quietly when the reader stops it', async () => {
    handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('data: one\n\n');
      setTimeout(() => res.destroy(), 10);
    };
    const broken = (await transport.send(request())).frames();
    await expect(broken.pushTo({ write: () => true })).rejects.toBeInstanceOf(GatewayError);

    handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('data: one\n\n');
    };
    const held = (await transport.send(request())).frames();
    let seen = 0;
    const pushing = held.pushTo({ write: () => ++seen > 0 });
    await waitFor(() => seen === 1);
    await held.return!();
    await expect(pushing).resolves.toBeUndefined();
    await waitFor(() => closedRequests === 1);
  });

  it('pauses a large body nobody reads and delivers all of it when read', async () => {
    const chunk = 'x'.repeat(16 * 1024);
    handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      for (let i = 0; i < 64; i++) res.write(chunk);
      res.end();
    };
    const response = await transport.send(request());
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect((await response.bytes()).length).toBe(64 * chunk.length);
  });

  it('reads at most the limit of an error body and drops the rest of the exchange', async () => {
    handler = (_req, res) => {
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.write('e'.repeat(1000));
      // Never ends: the transport must not wait for the rest.
    };
    const response = await transport.send(request());
    expect(response.status).toBe(500);
    expect(await response.text(100)).toBe('e'.repeat(100));
    await waitFor(() => closedRequests === 1);
  });

  it('aborts the upstream exchange when the caller cancels mid-stream', async () => {
    handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('data: one\n\n');
    };
    const cancellation = new Cancellation();
    const response = await transport.send(request({ signal: cancellation }));
    const iterator = response.frames()[Symbol.asyncIterator]();
    expect((await iterator.next()).value).toEqual([expect.objectContaining({ data: 'one' })]);
    const pending = iterator.next();
    cancellation.cancel();
    await expect(pending).rejects.toMatchObject({ code: 'UND_ERR_ABORTED' });
    await waitFor(() => closedRequests === 1);
  });

  it('answers a cancellation at once while the request waits for a free connection', async () => {
    const held: ServerResponse[] = [];
    handler = (_req, res) => held.push(res);
    const first = transport.send(request({ maxConnections: 1 }));
    await waitFor(() => held.length === 1);
    const cancellation = new Cancellation();
    const queued = transport.send(request({ maxConnections: 1, signal: cancellation }));
    cancellation.cancel();
    await expect(queued).rejects.toMatchObject({ code: 'UND_ERR_ABORTED' });
    held[0]!.writeHead(200).end('ok');
    expect((await (await first).bytes()).toString()).toBe('ok');
    // The cancelled request never reached the server.
    expect(held).toHaveLength(1);
  });

  it('maps a refused connection and a headers timeout to gateway errors', async () => {
    handler = () => {};
    const refused = transport.send(request({ url: 'http://127.0.0.1:1/v1/x' }));
    await expect(refused).rejects.toBeInstanceOf(GatewayError);
    await expect(refused).rejects.toMatchObject({ code: 'GW_UPSTREAM_ERROR' });
    await expect(transport.send(request({ headersTimeoutMs: 50 }))).rejects.toMatchObject({ code: 'GW_UPSTREAM_TIMEOUT' });
  });

  it('also takes a standard AbortSignal', async () => {
    handler = () => {};
    const controller = new AbortController();
    const pending = transport.send(request({ signal: controller.signal }));
    setTimeout(() => controller.abort(), 20);
    await expect(pending).rejects.toMatchObject({ code: 'UND_ERR_ABORTED' });
  });
});
