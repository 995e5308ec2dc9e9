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

  it('derives a missing side from total_tokens, as embeddings report it', () => {
    expect(decodeOpenAIUsage({ prompt_tokens: 7, total_tokens: 7 })).toStrictEqual({ inputTokens: 7, outputTokens: 0 });
    expect(decodeOpenAIUsage({ completion_tokens: 5, total_tokens: 12 })).toStrictEqual({ inputTokens: 7, outputTokens: 5 });
    expect(decodeOpenAIUsage({ total_tokens: 12 })).toBeUndefined();
    expect(decodeOpenAIUsage({ prompt_tokens: 9, total_tokens: 7 })).toStrictEqual({ inputTokens: 9 });
  });

  it('ignores counts that are not non-negative numbers', () => {
    expect(decodeOpenAIUsage({ prompt_tokens: '12', completion_tokens: -1 })).toBeUndefined();
    expect(decodeOpenAIUsage([1, 2])).toBeUndefined();
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
