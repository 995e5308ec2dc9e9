import { describe, expect, it } from 'vitest';
import { backoffDelayMs } from './backoff-delay.js';

const settings = { backoffBaseMs: 250, backoffMaxMs: 8000 };
const almostOne = () => 0.999_999_999;

describe('backoffDelayMs', () => {
  it('stays within [0, base × 2^retry]', () => {
    expect(backoffDelayMs(0, settings, () => 0)).toBe(0);
    expect(backoffDelayMs(0, settings, almostOne)).toBe(250);
    expect(backoffDelayMs(2, settings, () => 0.5)).toBe(500);
  });

  it('doubles the ceiling with every retry', () => {
    expect([0, 1, 2, 3, 4].map((retry) => backoffDelayMs(retry, settings, almostOne))).toEqual([250, 500, 1000, 2000, 4000]);
  });

  it('never exceeds max_ms however many retries came before', () => {
    expect(backoffDelayMs(5, settings, almostOne)).toBe(8000);
    expect(backoffDelayMs(60, settings, almostOne)).toBe(8000);
  });

  it('spreads draws over the whole range (full jitter)', () => {
    let seed = 1;
    const random = () => ((seed = (seed * 16_807) % 2_147_483_647) - 1) / 2_147_483_646;
    const draws = Array.from({ length: 1000 }, () => backoffDelayMs(3, settings, random));
    expect(Math.min(...draws)).toBeLessThan(200);
    expect(Math.max(...draws)).toBeGreaterThan(1800);
    expect(draws.every((draw) => draw >= 0 && draw <= 2000)).toBe(true);
  });
});
