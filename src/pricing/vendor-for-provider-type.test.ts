import { describe, expect, it } from 'vitest';
import { isCatalogVendor } from './catalog-vendor.js';
import { vendorForProviderType } from './vendor-for-provider-type.js';

describe('vendorForProviderType', () => {
  it('maps first-party providers to their catalog vendor', () => {
    expect(vendorForProviderType('openai')).toBe('openai');
    expect(vendorForProviderType('azure-openai')).toBe('openai');
    expect(vendorForProviderType('anthropic')).toBe('anthropic');
    expect(vendorForProviderType('gemini')).toBe('google');
    expect(vendorForProviderType('groq')).toBe('groq');
    expect(vendorForProviderType('xai')).toBe('xai');
  });

  it('leaves multi-maker hosts, resellers and local servers to the model name', () => {
    for (const type of ['vertex', 'bedrock', 'together', 'openrouter', 'ollama', 'openai-compatible', 'mock']) {
      expect(vendorForProviderType(type)).toBeUndefined();
    }
  });

  it('returns undefined for unknown types, including inherited property names', () => {
    expect(vendorForProviderType('nope')).toBeUndefined();
    expect(vendorForProviderType('toString')).toBeUndefined();
  });

  it('only ever returns catalog vendors', () => {
    for (const type of ['openai', 'anthropic', 'gemini', 'mistral', 'cohere', 'groq', 'deepseek', 'xai']) {
      const vendor = vendorForProviderType(type);
      expect(vendor !== undefined && isCatalogVendor(vendor)).toBe(true);
    }
  });
});
