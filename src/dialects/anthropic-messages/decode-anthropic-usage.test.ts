import { describe, expect, it } from 'vitest';
import { decodeAnthropicUsage, mergeAnthropicUsage } from './decode-anthropic-usage.js';

describe('decodeAnthropicUsage', () => {
  it('counts cache reads and writes into the input total', () => {
    expect(
      decodeAnthropicUsage({ input_tokens: 12, cache_read_input_tokens: 3000, cache_creation_input_tokens: 500, output_tokens: 40 }),
    ).toStrictEqual({ inputTokens: 3512, outputTokens: 40, cachedInputTokens: 3000, cacheWriteInputTokens: 500 });
  });

  it('reads thinking tokens as reasoning tokens', () => {
    expect(decodeAnthropicUsage({ input_tokens: 1, output_tokens: 90, output_tokens_details: { thinking_tokens: 60 } })).toStrictEqual({
      inputTokens: 1,
      outputTokens: 90,
      reasoningTokens: 60,
    });
  });

  it('leaves unreported counts undefined, never 0', () => {
    expect(decodeAnthropicUsage({ output_tokens: 7, cache_read_input_tokens: null })).toStrictEqual({ outputTokens: 7 });
    expect(decodeAnthropicUsage({ cache_read_input_tokens: 4 })).toStrictEqual({ cachedInputTokens: 4 });
    expect(decodeAnthropicUsage({})).toBeUndefined();
    expect(decodeAnthropicUsage(null)).toBeUndefined();
    expect(decodeAnthropicUsage({ input_tokens: -1, output_tokens: 'many' })).toBeUndefined();
  });
});

describe('mergeAnthropicUsage', () => {
  it('lets the delta counts win and keeps the start counts it lacks', () => {
    expect(mergeAnthropicUsage({ input_tokens: 10, cache_read_input_tokens: 5, output_tokens: 1 }, { output_tokens: 30, input_tokens: null })).toStrictEqual({
      input_tokens: 10,
      cache_read_input_tokens: 5,
      output_tokens: 30,
    });
    expect(mergeAnthropicUsage(undefined, { output_tokens: 3 })).toStrictEqual({ output_tokens: 3 });
    expect(mergeAnthropicUsage({ input_tokens: 2 }, undefined)).toStrictEqual({ input_tokens: 2 });
    expect(mergeAnthropicUsage(undefined, undefined)).toBeUndefined();
  });
});
