import { describe, expect, it } from 'vitest';
import { decodeOpenAIUsage } from './decode-openai-usage.js';
import { encodeOpenAIUsage } from './encode-openai-usage.js';

describe('decodeOpenAIUsage', () => {
  it('maps every count OpenAI reports', () => {
    expect(
      decodeOpenAIUsage({
        prompt_tokens: 120,
        completion_tokens: 40,
        total_tokens: 160,
        prompt_tokens_details: { cached_tokens: 100, cache_write_tokens: 20 },
        completion_tokens_details: { reasoning_tokens: 30 },
      }),
    ).toEqual({ inputTokens: 120, outputTokens: 40, cachedInputTokens: 100, cacheWriteInputTokens: 20, reasoningTokens: 30 });
  });

  it('leaves counts the provider did not send absent, and keeps real zeros', () => {
    const usage = decodeOpenAIUsage({ prompt_tokens: 0, completion_tokens_details: { reasoning_tokens: null } });
    expect(usage).toStrictEqual({ inputTokens: 0 });
  });

  it('gives undefined when nothing was reported', () => {
    expect(decodeOpenAIUsage(null)).toBeUndefined();
    expect(decodeOpenAIUsage({})).toBeUndefined();
  });
});

describe('encodeOpenAIUsage', () => {
  it('writes totals and details when known', () => {
    expect(encodeOpenAIUsage({ inputTokens: 10, outputTokens: 5, cachedInputTokens: 4, reasoningTokens: 2 })).toEqual({
      prompt_tokens: 10,
      completion_tokens: 5,
      total_tokens: 15,
      prompt_tokens_details: { cached_tokens: 4 },
      completion_tokens_details: { reasoning_tokens: 2 },
    });
  });

  it('writes no total and no zero when a side is unknown', () => {
    expect(encodeOpenAIUsage({ inputTokens: 10 })).toStrictEqual({ prompt_tokens: 10 });
  });

  it('gives undefined when nothing is known', () => {
    expect(encodeOpenAIUsage(undefined)).toBeUndefined();
    expect(encodeOpenAIUsage({})).toBeUndefined();
  });
});
