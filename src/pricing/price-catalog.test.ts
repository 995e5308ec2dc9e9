import { describe, expect, it } from 'vitest';
import { CATALOG_VENDORS } from './catalog-vendor.js';
import { lookupPrice } from './lookup-price.js';
import { CATALOG_AS_OF, PRICE_CATALOG } from './price-catalog.js';

const entries = [...PRICE_CATALOG.entries()];
const KEY = new RegExp(`^(${CATALOG_VENDORS.join('|')})/[a-z0-9][a-z0-9./-]*$`);

function hasAtMostSixDecimals(value: number): boolean {
  return Math.abs(value * 1_000_000 - Math.round(value * 1_000_000)) < 1e-6;
}

describe('PRICE_CATALOG', () => {
  it('is dated', () => {
    expect(CATALOG_AS_OF).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it.each(entries)('%s has sane prices', (_key, price) => {
    const prices = [price.inputPerMtok, price.outputPerMtok, price.cachedInputPerMtok, price.cacheWriteInputPerMtok];
    for (const value of prices.filter((p) => p !== undefined)) {
      expect(Number.isFinite(value)).toBe(true);
      expect(value).toBeGreaterThanOrEqual(0);
      expect(hasAtMostSixDecimals(value)).toBe(true);
    }
    if (price.cachedInputPerMtok !== undefined) expect(price.cachedInputPerMtok).toBeLessThanOrEqual(price.inputPerMtok);
    if (price.cacheWriteInputPerMtok !== undefined) {
      expect(price.cacheWriteInputPerMtok).toBeGreaterThanOrEqual(price.inputPerMtok);
    }
    expect(Object.isFrozen(price)).toBe(true);
  });

  it('keys are lower-case <vendor>/<model>', () => {
    for (const [key] of entries) expect(key).toMatch(KEY);
  });

  it('lists every vendor', () => {
    for (const vendor of CATALOG_VENDORS) expect(entries.some(([key]) => key.startsWith(`${vendor}/`))).toBe(true);
  });

  it('resolves every key to its own entry (no key is shadowed by another)', () => {
    for (const [key, price] of entries) {
      const slash = key.indexOf('/');
      expect(lookupPrice({ vendor: key.slice(0, slash), model: key.slice(slash + 1) }), key).toBe(price);
    }
  });

  it.each([
    'openai/gpt-5',
    'openai/gpt-5-mini',
    'openai/gpt-5-nano',
    'openai/gpt-4.1',
    'openai/gpt-4.1-mini',
    'openai/gpt-4.1-nano',
    'openai/gpt-4o',
    'openai/gpt-4o-mini',
    'openai/o1',
    'openai/o3',
    'openai/o3-mini',
    'openai/o4-mini',
    'openai/text-embedding-3-small',
    'openai/text-embedding-3-large',
    'anthropic/claude-opus-4-1',
    'anthropic/claude-sonnet-4-5',
    'anthropic/claude-haiku-4-5',
    'anthropic/claude-3-5-haiku',
    'google/gemini-2.5-pro',
    'google/gemini-2.5-flash',
    'google/gemini-2.5-flash-lite',
    'google/gemini-2.0-flash',
    'mistral/mistral-large',
    'mistral/mistral-small',
    'mistral/codestral',
    'mistral/ministral-8b',
    'cohere/command-a',
    'cohere/command-r',
    'cohere/command-r-plus',
    'cohere/embed-v4.0',
    'deepseek/deepseek-chat',
    'deepseek/deepseek-reasoner',
    'xai/grok-4',
    'xai/grok-3',
    'xai/grok-3-mini',
    'xai/grok-4-fast-reasoning',
    'groq/llama-3.3-70b-versatile',
    'groq/llama-3.1-8b-instant',
    'groq/openai/gpt-oss-120b',
    'groq/openai/gpt-oss-20b',
  ])('covers %s', (key) => {
    expect(PRICE_CATALOG.has(key)).toBe(true);
  });

  it('prices Anthropic cache reads at 0.1x and writes at 1.25x input (4.x family)', () => {
    for (const [key, price] of entries.filter(([k]) => /^anthropic\/claude-(opus|sonnet|haiku)-4/.test(k))) {
      expect(price.cachedInputPerMtok, key).toBeCloseTo(price.inputPerMtok * 0.1, 9);
      expect(price.cacheWriteInputPerMtok, key).toBeCloseTo(price.inputPerMtok * 1.25, 9);
    }
  });
});
