import { describe, expect, it } from 'vitest';
import { Cancellation } from './cancellation.js';

describe('Cancellation', () => {
  it('tells the emitter and the signal, once', () => {
    const cancellation = new Cancellation();
    let emitted = 0;
    cancellation.emitter.on('abort', () => (emitted += 1));
    const signal = cancellation.signal;
    expect(cancellation.aborted).toBe(false);
    cancellation.cancel();
    cancellation.cancel();
    expect(cancellation.aborted).toBe(true);
    expect(emitted).toBe(1);
    expect(signal.aborted).toBe(true);
  });

  it('hands out an already aborted signal after cancellation', async () => {
    const cancellation = new Cancellation();
    cancellation.cancel();
    expect(cancellation.signal.aborted).toBe(true);
    const late = new Promise((resolve) => cancellation.emitter.once('abort', resolve));
    await expect(late).resolves.toBeUndefined();
  });
});
