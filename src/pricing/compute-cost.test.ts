import { describe, expect, it } from 'vitest';
import { computeCost } from './compute-cost.js';
import type { ModelPrice } from './model-price.js';

const GPT_4O: ModelPrice = { inputPerMtok: 2.5, outputPerMtok: 10, cachedInputPerMtok: 1.25 };
const SONNET: ModelPrice = { inputPerMtok: 3, outputPerMtok: 15, cachedInputPerMtok: 0.3, cacheWriteInputPerMtok: 3.75 };

describe('computeCost', () => {
  it('bills input and output at P micro-dollars per token', () => {
    expect(computeCost({ inputTokens: 1000, outputTokens: 500 }, GPT_4O)).toEqual({ micros: 7500, flags: [] });
  });

  it('bills cached input at the cached rate and the rest at the input rate', () => {
    const cost = computeCost({ inputTokens: 1000, cachedInputTokens: 400, outputTokens: 0 }, GPT_4O);
    expect(cost).toEqual({ micros: 600 * 2.5 + 400 * 1.25, flags: [] });
  });

  it('bills cache reads, cache writes, uncached input and output separately', () => {
    const usage = { inputTokens: 10_000, cachedInputTokens: 5000, cacheWriteInputTokens: 3000, outputTokens: 1000 };
    expect(computeCost(usage, SONNET)).toEqual({ micros: 2000 * 3 + 5000 * 0.3 + 3000 * 3.75 + 1000 * 15, flags: [] });
  });

  it('falls back to the input rate when no cached or cache-write rate is known', () => {
    const usage = { inputTokens: 100, cachedInputTokens: 50, cacheWriteInputTokens: 20, outputTokens: 10 };
    expect(computeCost(usage, { inputPerMtok: 1, outputPerMtok: 2 })).toEqual({ micros: 120, flags: [] });
  });

  it('treats unreported cache counts as no cache use', () => {
    expect(computeCost({ inputTokens: 1000, outputTokens: 0 }, GPT_4O).micros).toBe(2500);
  });

  it('bills reported cache counts even when they exceed the input total, never a negative remainder', () => {
    const cost = computeCost({ inputTokens: 100, cachedInputTokens: 150, outputTokens: 0 }, GPT_4O);
    expect(cost).toEqual({ micros: Math.round(150 * 1.25), flags: [] });
  });

  it('rounds to an integer, half up', () => {
    const price: ModelPrice = { inputPerMtok: 0.075, outputPerMtok: 0.25 };
    expect(computeCost({ inputTokens: 3, outputTokens: 0 }, price).micros).toBe(0); // 0.225
    expect(computeCost({ inputTokens: 7, outputTokens: 0 }, price).micros).toBe(1); // 0.525
    expect(computeCost({ inputTokens: 0, outputTokens: 2 }, price).micros).toBe(1); // 0.5
    expect(computeCost({ inputTokens: 0, outputTokens: 1 }, price).micros).toBe(0); // 0.25
  });

  it('rounds the exact sum, not a float product', () => {
    // 100 x 0.145 is 14.499999999999998 in floating point; the exact value is 14.5.
    expect(computeCost({ inputTokens: 100, outputTokens: 0 }, { inputPerMtok: 0.145, outputPerMtok: 0 }).micros).toBe(15);
  });

  it('stays exact for large counts', () => {
    const cost = computeCost({ inputTokens: 1_000_000_000, outputTokens: 1_000_000_000 }, { inputPerMtok: 150, outputPerMtok: 600 });
    expect(cost.micros).toBe(750_000_000_000);
  });

  it('flags unknown usage and never reports 0 for it', () => {
    expect(computeCost(undefined, GPT_4O)).toEqual({ flags: ['usage-unknown'] });
    expect(computeCost({}, GPT_4O)).toEqual({ flags: ['usage-unknown'] });
    expect(computeCost({ inputTokens: 10 }, GPT_4O)).toEqual({ flags: ['usage-unknown'] });
    expect(computeCost({ outputTokens: 10 }, GPT_4O)).toEqual({ flags: ['usage-unknown'] });
  });

  it('flags counts that are not token counts as unknown usage', () => {
    for (const bad of [Number.NaN, -1, 1.5, Number.POSITIVE_INFINITY]) {
      expect(computeCost({ inputTokens: bad, outputTokens: 1 }, GPT_4O).flags).toEqual(['usage-unknown']);
      expect(computeCost({ inputTokens: 1, outputTokens: 1, cachedInputTokens: bad }, GPT_4O).flags).toEqual(['usage-unknown']);
    }
  });

  it('flags an unknown or invalid price and never reports 0 for it', () => {
    expect(computeCost({ inputTokens: 10, outputTokens: 10 }, undefined)).toEqual({ flags: ['price-unknown'] });
    const invalid: ModelPrice = { inputPerMtok: Number.NaN, outputPerMtok: 1 };
    expect(computeCost({ inputTokens: 10, outputTokens: 10 }, invalid)).toEqual({ flags: ['price-unknown'] });
    const negativeCache: ModelPrice = { inputPerMtok: 1, outputPerMtok: 1, cachedInputPerMtok: -1 };
    expect(computeCost({ inputTokens: 10, outputTokens: 10 }, negativeCache)).toEqual({ flags: ['price-unknown'] });
  });

  it('reports both flags when both are unknown', () => {
    expect(computeCost(undefined, undefined)).toEqual({ flags: ['usage-unknown', 'price-unknown'] });
  });

  it('gives 0 and no flags for zero-priced models and for known zero usage', () => {
    const free: ModelPrice = { inputPerMtok: 0, outputPerMtok: 0 };
    expect(computeCost({ inputTokens: 5000, outputTokens: 700 }, free)).toEqual({ micros: 0, flags: [] });
    expect(computeCost({ inputTokens: 0, outputTokens: 0 }, GPT_4O)).toEqual({ micros: 0, flags: [] });
  });
});
