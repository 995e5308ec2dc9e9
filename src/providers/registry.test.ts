import { describe, expect, it } from 'vitest';
import type { ProviderType } from '../config/index.js';
import { isCatalogVendor } from '../pricing/index.js';
import { createProviderRegistry } from './registry.js';

const registry = createProviderRegistry();
const priceVendorOf = (type: string) => registry.get(type as ProviderType)?.priceVendor;

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
      expect(registry.has(type as ProviderType)).toBe(true);
      expect(priceVendorOf(type)).toBeUndefined();
    }
  });

  it('has no adapter for unknown types, including inherited property names', () => {
    expect(priceVendorOf('nope')).toBeUndefined();
    expect(registry.has('toString' as ProviderType)).toBe(false);
  });

  it('only ever names catalog vendors', () => {
    for (const adapter of registry.values()) {
      if (adapter.priceVendor !== undefined) expect(isCatalogVendor(adapter.priceVendor)).toBe(true);
    }
  });
});
