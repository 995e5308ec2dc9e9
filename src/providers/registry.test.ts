import { beforeAll, describe, expect, it } from 'vitest';
import { PROVIDER_TYPES } from '../config/index.js';
import type { ProviderType } from '../config/index.js';
import { isCatalogVendor } from '../pricing/index.js';
import { createProviderRegistry } from './registry.js';

const registry = createProviderRegistry();
const priceVendorOf = (type: string) => registry.get(type as ProviderType)?.priceVendor;

beforeAll(async () => {
  await Promise.all(PROVIDER_TYPES.map((type) => registry.load(type)));
});

describe('lazy loading', () => {
  it('loads an adapter on first use, once, and knows every configurable type', async () => {
    const fresh = createProviderRegistry();
    expect(fresh.get('gemini')).toBeUndefined();
    const [first, second] = await Promise.all([fresh.load('gemini'), fresh.load('gemini')]);
    expect(first?.type).toBe('gemini');
    expect(second).toBe(first);
    expect(fresh.get('gemini')).toBe(first);
    for (const type of PROVIDER_TYPES) expect((await fresh.load(type))?.type).toBe(type);
    expect(await fresh.load('toString' as ProviderType)).toBeUndefined();
  });
});

describe('provider price vendors', () => {
  it('maps first-party providers to their catalog vendor', () => {
    expect(priceVendorOf('openai')).toBe('openai');
    expect(priceVendorOf('azure-openai')).toBe('openai');
    expect(priceVendorOf('anthropic')).toBe('anthropic');
    expect(priceVendorOf('gemini')).toBe('google');
    expect(priceVendorOf('groq')).toBe('groq');
    expect(priceVendorOf('xai')).toBe('xai');
  });

  it('leaves multi-maker hosts, resellers and local servers to the model name', () => {
    for (const type of ['vertex', 'bedrock', 'together', 'openrouter', 'ollama', 'openai-compatible', 'mock']) {
      expect(registry.get(type as ProviderType)).toBeDefined();
      expect(priceVendorOf(type)).toBeUndefined();
    }
  });

  it('has no adapter for unknown types, including inherited property names', () => {
    expect(priceVendorOf('nope')).toBeUndefined();
    expect(registry.get('toString' as ProviderType)).toBeUndefined();
  });

  it('only ever names catalog vendors', () => {
    for (const type of PROVIDER_TYPES) {
      const vendor = registry.get(type)?.priceVendor;
      if (vendor !== undefined) expect(isCatalogVendor(vendor)).toBe(true);
    }
  });
});
