import { describe, expect, it } from 'vitest';
import { Cancellation } from './cancellation.js';

describe('Cancellation', () => {
  it('tells its listeners and the signal, once', () => {
    const cancellation = new Cancellation();
    let first = 0;
    let second = 0;
    cancellation.on('abort', () => (first += 1));
    cancellation.once('abort', () => (second += 1));
    const signal = cancellation.signal;
    expect(cancellation.aborted).toBe(false);
    cancellation.cancel();
    cancellation.cancel();
    expect(cancellation.aborted).toBe(true);
    expect([first, second]).toEqual([1, 1]);
    expect(signal.aborted).toBe(true);
  });

  it('does not call a removed listener', () => {
    const cancellation = new Cancellation();
    let called = false;
    const listener = () => (called = true);
    cancellation.once('abort', listener);
    cancellation.removeListener('abort', listener);
    cancellation.cancel();
    expect(called).toBe(false);
  });

  it('hands out an already aborted signal, and calls late listeners, after cancellation', async () => {
    const cancellation = new Cancellation();
    cancellation.cancel();
    expect(cancellation.signal.aborted).toBe(true);
    const late = new Promise<void>((resolve) => cancellation.once('abort', resolve));
    await expect(late).resolves.toBeUndefined();
  });
});
