import { describe, expect, it } from 'vitest';
import { lookupPrice } from './lookup-price.js';
import { PRICE_CATALOG } from './price-catalog.js';

function listed(key: string) {
  const price = PRICE_CATALOG.get(key);
  if (!price) throw new Error(`test expects catalog key ${key}`);
  return price;
}

describe('lookupPrice: model matching', () => {
  it('finds the exact <vendor>/<model> key', () => {
    expect(lookupPrice({ vendor: 'openai', model: 'gpt-4o' })).toBe(listed('openai/gpt-4o'));
    expect(lookupPrice({ vendor: 'groq', model: 'llama-3.3-70b-versatile' })).toBe(listed('groq/llama-3.3-70b-versatile'));
  });

  it('ignores case and surrounding space', () => {
    expect(lookupPrice({ vendor: 'OpenAI', model: ' GPT-4o ' })).toBe(listed('openai/gpt-4o'));
  });

  it('finds a model given with a vendor prefix', () => {
    expect(lookupPrice({ model: 'openai/gpt-4o' })).toBe(listed('openai/gpt-4o'));
    expect(lookupPrice({ vendor: 'openai', model: 'openai/gpt-4o' })).toBe(listed('openai/gpt-4o'));
    expect(lookupPrice({ model: 'anthropic/claude-sonnet-4.5' })).toBe(listed('anthropic/claude-sonnet-4-5'));
    expect(lookupPrice({ model: 'x-ai/grok-4.1-fast' })).toBe(listed('xai/grok-4-1-fast'));
    expect(lookupPrice({ model: 'groq/openai/gpt-oss-120b' })).toBe(listed('groq/openai/gpt-oss-120b'));
  });

  it('searches across model makers when the vendor is absent or unknown', () => {
    expect(lookupPrice({ model: 'claude-haiku-4-5' })).toBe(listed('anthropic/claude-haiku-4-5'));
    expect(lookupPrice({ vendor: 'openrouter', model: 'gemini-2.5-pro' })).toBe(listed('google/gemini-2.5-pro'));
  });

  it('falls back from dated and versioned ids to the base model', () => {
    expect(lookupPrice({ vendor: 'openai', model: 'gpt-4o-2024-08-06' })).toBe(listed('openai/gpt-4o'));
    expect(lookupPrice({ model: 'gpt-4o-mini-2024-07-18' })).toBe(listed('openai/gpt-4o-mini'));
    expect(lookupPrice({ model: 'claude-sonnet-4-5-20250929' })).toBe(listed('anthropic/claude-sonnet-4-5'));
    expect(lookupPrice({ model: 'claude-3-5-haiku-latest' })).toBe(listed('anthropic/claude-3-5-haiku'));
    expect(lookupPrice({ model: 'claude-opus-4-0' })).toBe(listed('anthropic/claude-opus-4'));
    expect(lookupPrice({ model: 'gpt-5-chat-latest' })).toBe(listed('openai/gpt-5-chat'));
    expect(lookupPrice({ model: 'gemini-3-pro-preview' })).toBe(listed('google/gemini-3-pro'));
    expect(lookupPrice({ model: 'gemini-2.5-flash-preview-05-20' })).toBe(listed('google/gemini-2.5-flash'));
    expect(lookupPrice({ model: 'gemini-2.5-flash-lite-preview-09-2025' })).toBe(listed('google/gemini-2.5-flash-lite'));
    expect(lookupPrice({ model: 'gemini-2.0-flash-001' })).toBe(listed('google/gemini-2.0-flash'));
    expect(lookupPrice({ model: 'models/gemini-2.5-pro' })).toBe(listed('google/gemini-2.5-pro'));
    expect(lookupPrice({ vendor: 'mistral', model: 'mistral-large-latest' })).toBe(listed('mistral/mistral-large'));
    expect(lookupPrice({ vendor: 'mistral', model: 'codestral-2508' })).toBe(listed('mistral/codestral'));
    expect(lookupPrice({ vendor: 'cohere', model: 'command-r-08-2024' })).toBe(listed('cohere/command-r'));
    expect(lookupPrice({ vendor: 'xai', model: 'grok-4-0709' })).toBe(listed('xai/grok-4'));
  });

  it('prefers an exact dated entry over the base model', () => {
    expect(lookupPrice({ model: 'gpt-4o-2024-05-13' })).toBe(listed('openai/gpt-4o-2024-05-13'));
    expect(lookupPrice({ vendor: 'mistral', model: 'mistral-large-2411' })).toBe(listed('mistral/mistral-large-2411'));
    expect(lookupPrice({ vendor: 'cohere', model: 'command-r-plus-04-2024' })).toBe(listed('cohere/command-r-plus-04-2024'));
    expect(lookupPrice({ vendor: 'mistral', model: 'ministral-8b-2410' })).toBe(listed('mistral/ministral-8b-2410'));
    expect(lookupPrice({ vendor: 'mistral', model: 'ministral-8b-2512' })).toBe(listed('mistral/ministral-8b'));
  });

  it('resolves Bedrock model ids, inference profiles and ARNs', () => {
    const sonnet = listed('anthropic/claude-sonnet-4-5');
    expect(lookupPrice({ model: 'anthropic.claude-sonnet-4-5-20250929-v1:0' })).toBe(sonnet);
    expect(lookupPrice({ model: 'us.anthropic.claude-sonnet-4-5-20250929-v1:0' })).toBe(sonnet);
    expect(lookupPrice({ model: 'global.anthropic.claude-haiku-4-5-20251001-v1:0' })).toBe(listed('anthropic/claude-haiku-4-5'));
    expect(lookupPrice({ model: 'eu.anthropic.claude-3-5-haiku-20241022-v1:0' })).toBe(listed('anthropic/claude-3-5-haiku'));
    const arn = 'arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-sonnet-4-5-20250929-v1:0';
    expect(lookupPrice({ model: arn })).toBe(sonnet);
    expect(lookupPrice({ model: 'mistral.mistral-large-2407-v1:0' })).toBe(listed('mistral/mistral-large-2407'));
    expect(lookupPrice({ model: 'cohere.command-r-plus-v1:0' })).toBe(listed('cohere/command-r-plus'));
  });

  it('resolves Vertex ids', () => {
    expect(lookupPrice({ model: 'claude-sonnet-4-5@20250929' })).toBe(listed('anthropic/claude-sonnet-4-5'));
    expect(lookupPrice({ model: 'claude-opus-4-1@20250805' })).toBe(listed('anthropic/claude-opus-4-1'));
    const resource = 'projects/p/locations/us-central1/publishers/google/models/gemini-2.5-flash';
    expect(lookupPrice({ model: resource })).toBe(listed('google/gemini-2.5-flash'));
  });

  it('never prices a model as a shorter, different model', () => {
    expect(lookupPrice({ model: 'gpt-4o-mini' })).toBe(listed('openai/gpt-4o-mini'));
    expect(lookupPrice({ model: 'gpt-4' })).toBeUndefined();
    expect(lookupPrice({ model: 'gpt-4-0613' })).toBeUndefined();
    expect(lookupPrice({ model: 'o1-mini' })).toBeUndefined();
    expect(lookupPrice({ model: 'o3-mini' })).toBe(listed('openai/o3-mini'));
    expect(lookupPrice({ model: 'gpt-5.4-mini' })).toBe(listed('openai/gpt-5.4-mini'));
    expect(lookupPrice({ model: 'gpt-4o-search-preview' })).toBeUndefined();
    expect(lookupPrice({ model: 'chatgpt-4o-latest' })).toBeUndefined();
    expect(lookupPrice({ model: 'claude-opus-4-5-20251101' })).toBe(listed('anthropic/claude-opus-4-5'));
    expect(lookupPrice({ model: 'claude-opus-4-9' })).toBeUndefined();
    expect(lookupPrice({ model: 'gemini-embedding-002' })).toBeUndefined();
    expect(lookupPrice({ vendor: 'cohere', model: 'command-a-reasoning-08-2025' })).toBeUndefined();
  });

  it('keeps a known vendor authoritative', () => {
    expect(lookupPrice({ vendor: 'openai', model: 'claude-sonnet-4-5' })).toBeUndefined();
    expect(lookupPrice({ vendor: 'anthropic', model: 'claude-sonnet-4-5' })).toBe(listed('anthropic/claude-sonnet-4-5'));
  });

  it("prices a hosting vendor's models only for requests sent to it", () => {
    const gptOss = listed('groq/openai/gpt-oss-120b');
    expect(lookupPrice({ vendor: 'groq', model: 'openai/gpt-oss-120b' })).toBe(gptOss);
    expect(lookupPrice({ vendor: 'groq', model: 'gpt-oss-120b' })).toBe(gptOss);
    expect(lookupPrice({ model: 'openai/gpt-oss-120b' })).toBeUndefined();
    expect(lookupPrice({ vendor: 'together', model: 'openai/gpt-oss-120b' })).toBeUndefined();
    expect(lookupPrice({ vendor: 'openai', model: 'gpt-oss-120b' })).toBeUndefined();
  });

  it('returns undefined for unknown and unpriceable ids', () => {
    expect(lookupPrice({ model: 'no-such-model' })).toBeUndefined();
    expect(lookupPrice({ vendor: 'openai', model: 'no-such-model-2024-01-01' })).toBeUndefined();
    expect(lookupPrice({ model: '' })).toBeUndefined();
    expect(lookupPrice({ model: 'models/' })).toBeUndefined();
    expect(lookupPrice({ model: 'ft:gpt-4o-mini-2024-07-18:acme::abc123' })).toBeUndefined();
    expect(lookupPrice({ model: 'meta-llama/Llama-3.3-70B-Instruct-Turbo' })).toBeUndefined();
  });
});

describe('lookupPrice: overrides', () => {
  it('uses a full override outright, even for unknown models', () => {
    expect(lookupPrice({ model: 'llama3.2:3b', override: { inputPerMtok: 0, outputPerMtok: 0 } })).toEqual({
      inputPerMtok: 0,
      outputPerMtok: 0,
    });
  });

  it('does not mix catalog fields into a full override', () => {
    const price = lookupPrice({ vendor: 'openai', model: 'gpt-4o', override: { inputPerMtok: 2, outputPerMtok: 8 } });
    expect(price).toEqual({ inputPerMtok: 2, outputPerMtok: 8 });
  });

  it('keeps the cache fields of a full override', () => {
    const override = { inputPerMtok: 2, outputPerMtok: 8, cachedInputPerMtok: 0.5, cacheWriteInputPerMtok: 2.5 };
    expect(lookupPrice({ model: 'x', override })).toEqual(override);
  });

  it('applies a partial override on top of the catalog price', () => {
    const price = lookupPrice({ vendor: 'openai', model: 'gpt-4o', override: { cachedInputPerMtok: 0 } });
    expect(price).toEqual({ inputPerMtok: 2.5, outputPerMtok: 10, cachedInputPerMtok: 0 });
    const regional = lookupPrice({ model: 'claude-sonnet-4-5', override: { inputPerMtok: 3.3 } });
    expect(regional).toEqual({ inputPerMtok: 3.3, outputPerMtok: 15, cachedInputPerMtok: 0.3, cacheWriteInputPerMtok: 3.75 });
  });

  it('ignores undefined override fields', () => {
    const price = lookupPrice({ vendor: 'openai', model: 'gpt-4o', override: { inputPerMtok: undefined } });
    expect(price).toEqual(listed('openai/gpt-4o'));
  });

  it('returns undefined for a partial override of an unknown model', () => {
    expect(lookupPrice({ model: 'no-such-model', override: { inputPerMtok: 1 } })).toBeUndefined();
  });

  it('never changes the catalog', () => {
    lookupPrice({ vendor: 'openai', model: 'gpt-4o', override: { outputPerMtok: 99 } });
    expect(listed('openai/gpt-4o').outputPerMtok).toBe(10);
  });
});
