import { describe, expect, it } from 'vitest';
import { retryWaitMs } from './retry-wait-ms.js';

const settings = { retries: 2, backoffBaseMs: 250, backoffMaxMs: 8000, retryAfterCapMs: 30_000 };

describe('retryWaitMs', () => {
  it('is the jittered backoff when the upstream gave no Retry-After', () => {
    expect(retryWaitMs(1, undefined, settings, () => 0.5)).toBe(250);
  });

  it('waits at least a Retry-After within the cap', () => {
    expect(retryWaitMs(0, 1000, settings, () => 0.5)).toBe(1000);
    expect(retryWaitMs(0, 30_000, settings, () => 0.5)).toBe(30_000);
  });

  it('keeps the backoff when it is longer than the Retry-After', () => {
    expect(retryWaitMs(4, 100, settings, () => 0.5)).toBe(2000);
  });

  it('refuses to wait for a Retry-After beyond the cap', () => {
    expect(retryWaitMs(0, 30_001, settings, () => 0.5)).toBeUndefined();
    expect(retryWaitMs(0, 1, { ...settings, retryAfterCapMs: 0 }, () => 0.5)).toBeUndefined();
  });
});
