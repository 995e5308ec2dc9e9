import { describe, expect, it } from 'vitest';
import { encodeAnthropicDeltaUsage, encodeAnthropicUsage } from './encode-anthropic-usage.js';

describe('encodeAnthropicUsage', () => {
  it('counts cache reads and writes apart from input_tokens', () => {
    expect(encodeAnthropicUsage({ inputTokens: 1000, cachedInputTokens: 600, cacheWriteInputTokens: 300, outputTokens: 50 })).toStrictEqual({
      input_tokens: 100,
      output_tokens: 50,
      cache_creation_input_tokens: 300,
      cache_read_input_tokens: 600,
    });
  });

  it('writes 0 for unknown required counts and null for unknown cache counts', () => {
    expect(encodeAnthropicUsage(undefined)).toStrictEqual({ input_tokens: 0, output_tokens: 0, cache_creation_input_tokens: null, cache_read_input_tokens: null });
    expect(encodeAnthropicUsage({ outputTokens: 3 })).toMatchObject({ input_tokens: 0, output_tokens: 3 });
  });

  it('never writes a negative input count', () => {
    expect(encodeAnthropicUsage({ inputTokens: 10, cachedInputTokens: 25 }).input_tokens).toBe(0);
  });
});

describe('encodeAnthropicDeltaUsage', () => {
  it('writes only known counts, output_tokens always', () => {
    expect(encodeAnthropicDeltaUsage(undefined)).toStrictEqual({ output_tokens: 0 });
    expect(encodeAnthropicDeltaUsage({ inputTokens: 30, cachedInputTokens: 10, outputTokens: 9, reasoningTokens: 4 })).toStrictEqual({
      output_tokens: 9,
      input_tokens: 20,
      cache_read_input_tokens: 10,
      output_tokens_details: { thinking_tokens: 4 },
    });
  });
});
