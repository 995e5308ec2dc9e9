import { once } from 'node:events';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { RequestLogExporter } from './request-log-exporter.js';
import type { ExportQueue } from './request-log-exporter.js';

/** A plain in-memory queue with the port's behaviour (observability may not import storage). */
function arrayQueue(): ExportQueue & { items: { seq: number; item: string }[] } {
  let next = 1;
  const queue = {
    items: [] as { seq: number; item: string }[],
    async enqueue(items: readonly string[], maxItems: number) {
      for (const item of items) queue.items.push({ seq: next++, item });
      const over = Math.max(0, queue.items.length - maxItems);
      queue.items.splice(0, over);
      return over;
    },
    async peek(limit: number) {
      return queue.items.slice(0, limit);
    },
    async acknowledge(throughSeq: number) {
      queue.items = queue.items.filter((entry) => entry.seq > throughSeq);
    },
    async size() {
      return queue.items.length;
    },
  };
  return queue;
}

let server: Server | undefined;
afterEach(async () => {
  server?.close();
  server = undefined;
});

/** A loopback sink answering `status()`; records the rows it accepted. */
async function startSink(status: () => number): Promise<{ url: string; rows: unknown[]; bodies: number }> {
  const sink = { url: '', rows: [] as unknown[], bodies: 0 };
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      const code = status();
      if (code < 300) {
        sink.bodies += 1;
        sink.rows.push(...(JSON.parse(body) as { rows: unknown[] }).rows);
      }
      response.writeHead(code).end();
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  sink.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return sink;
}

const postTo = (url: string) => async (body: string) => {
  const response = await fetch(url, { method: 'POST', body });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
};

describe('RequestLogExporter', () => {
  it('ships queued rows in order, in batches, and empties the queue', async () => {
    const sink = await startSink(() => 200);
    const queue = arrayQueue();
    const exporter = new RequestLogExporter({ queue, post: postTo(sink.url), batchSize: 2, flushIntervalMs: 10, maxQueue: 100, onError: () => undefined });
    await exporter.enqueue(['{"n":1}', '{"n":2}', '{"n":3}']);
    expect(await exporter.shipNow()).toBe(true);
    expect(sink.rows).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
    expect(sink.bodies).toBe(2);
    expect(queue.items).toEqual([]);
    expect(exporter.queuedApprox).toBe(0);
  });

  it('keeps rows through a sink outage and delivers each once when it recovers', async () => {
    let status = 503;
    const sink = await startSink(() => status);
    const queue = arrayQueue();
    const errors: unknown[] = [];
    const exporter = new RequestLogExporter({ queue, post: postTo(sink.url), batchSize: 10, flushIntervalMs: 20, maxQueue: 100, onError: (error) => errors.push(error) });
    exporter.start();
    await exporter.enqueue(['{"n":1}', '{"n":2}']);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(sink.rows).toEqual([]);
    expect(errors.length).toBeGreaterThan(0);
    expect(exporter.queuedApprox).toBe(2);
    status = 200;
    await expect.poll(() => sink.rows.length, { timeout: 3000 }).toBe(2);
    await exporter.close(1000);
    expect(sink.rows).toEqual([{ n: 1 }, { n: 2 }]);
  });

  it('counts rows dropped past the bound', async () => {
    const queue = arrayQueue();
    const exporter = new RequestLogExporter({ queue, post: async () => undefined, batchSize: 10, flushIntervalMs: 10, maxQueue: 3, onError: () => undefined });
    await exporter.enqueue(['1', '2', '3', '4', '5']);
    expect(exporter.dropped).toBe(2);
    expect(queue.items.map((entry) => entry.item)).toEqual(['3', '4', '5']);
  });

  it('close ships what is queued when the sink answers, and leaves it queued when not', async () => {
    const sink = await startSink(() => 200);
    const queue = arrayQueue();
    const exporter = new RequestLogExporter({ queue, post: postTo(sink.url), batchSize: 10, flushIntervalMs: 60_000, maxQueue: 100, onError: () => undefined });
    await exporter.enqueue(['{"last":true}']);
    await exporter.close(1000);
    expect(sink.rows).toEqual([{ last: true }]);

    const stranded = arrayQueue();
    const failing = new RequestLogExporter({ queue: stranded, post: () => Promise.reject(new Error('down')), batchSize: 10, flushIntervalMs: 10, maxQueue: 100, onError: () => undefined });
    await failing.enqueue(['{"kept":true}']);
    await failing.close(200);
    expect(stranded.items.map((entry) => entry.item)).toEqual(['{"kept":true}']);
  });
});
