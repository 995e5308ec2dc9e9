import { describe, expect, it } from 'vitest';
import { publishRequestEnd } from '../core/events.js';
import type { RequestRecord } from '../core/request-record.js';
import { RequestLogWriter } from './request-log-writer.js';

const record = (requestId: string) => ({ requestId }) as RequestRecord;

describe('RequestLogWriter', () => {
  it('batches published records and flushes everything on close', async () => {
    const batches: string[][] = [];
    const writer = new RequestLogWriter({
      batchSize: 2,
      flushIntervalMs: 10_000,
      maxQueue: 100,
      write: async (records) => void batches.push(records.map((item) => item.requestId)),
      onError: () => undefined,
    });
    writer.start();
    for (const id of ['a', 'b']) publishRequestEnd(record(id));
    await new Promise((resolve) => setImmediate(resolve));
    expect(batches).toEqual([['a', 'b']]);
    publishRequestEnd(record('c'));
    await new Promise((resolve) => setImmediate(resolve));
    expect(batches).toEqual([['a', 'b']]);
    await writer.close();
    expect(batches).toEqual([['a', 'b'], ['c']]);
    publishRequestEnd(record('after-close'));
    expect(writer.queueDepth).toBe(0);
  });

  it('writes on the interval when a batch does not fill', async () => {
    const written: string[] = [];
    const writer = new RequestLogWriter({ batchSize: 100, flushIntervalMs: 20, maxQueue: 100, write: async (records) => void written.push(...records.map((item) => item.requestId)), onError: () => undefined });
    writer.enqueue(record('x'));
    expect(written).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(written).toEqual(['x']);
  });

  it('drops and counts beyond max_queue, and keeps a failed batch for the next try', async () => {
    let fail = true;
    const written: string[] = [];
    const errors: unknown[] = [];
    const writer = new RequestLogWriter({
      batchSize: 100,
      flushIntervalMs: 10_000,
      maxQueue: 2,
      write: async (records) => {
        if (fail) throw new Error('disk full');
        written.push(...records.map((item) => item.requestId));
      },
      onError: (error) => errors.push(error),
    });
    for (const id of ['a', 'b', 'c']) writer.enqueue(record(id));
    expect(writer.dropped).toBe(1);
    await writer.flush();
    await writer.flush();
    expect(errors).toHaveLength(2);
    expect(writer.queueDepth).toBe(2);
    fail = false;
    await writer.close();
    expect(written).toEqual(['a', 'b']);
  });
});

describe('RequestLogWriter under a burst', () => {
  it('writes full batches while a write is in flight instead of many small ones', async () => {
    const sizes: number[] = [];
    let release: () => void = () => undefined;
    const writer = new RequestLogWriter({
      batchSize: 10,
      flushIntervalMs: 10_000,
      maxQueue: 1000,
      write: (records) => {
        sizes.push(records.length);
        return new Promise((resolve) => (release = resolve));
      },
      onError: () => undefined,
    });
    for (let index = 0; index < 10; index += 1) writer.enqueue(record(`a${index}`));
    await new Promise((resolve) => setImmediate(resolve));
    // While the first batch is being written, 25 more arrive one by one.
    for (let index = 0; index < 25; index += 1) {
      writer.enqueue(record(`b${index}`));
      await new Promise((resolve) => setImmediate(resolve));
    }
    const closing = writer.close();
    for (let round = 0; round < 5; round += 1) {
      release();
      await new Promise((resolve) => setImmediate(resolve));
    }
    await closing;
    expect(sizes).toEqual([10, 10, 10, 5]);
  });
});
