import { describe, expect, it } from 'vitest';
import { decodeBedrockUsage } from './decode-bedrock-usage.js';

describe('decodeBedrockUsage', () => {
  it('counts cache reads and writes into the input total, as canonical usage requires', () => {
    expect(decodeBedrockUsage({ inputTokens: 12, outputTokens: 40, totalTokens: 2100, cacheReadInputTokens: 1800, cacheWriteInputTokens: 248 })).toEqual({
      inputTokens: 2060,
      outputTokens: 40,
      cachedInputTokens: 1800,
      cacheWriteInputTokens: 248,
    });
  });

  it('keeps what was not reported undefined, never zero', () => {
    expect(decodeBedrockUsage({ inputTokens: 5, outputTokens: 2 })).toEqual({ inputTokens: 5, outputTokens: 2 });
    expect(decodeBedrockUsage({ outputTokens: 2, cacheReadInputTokens: 9 })).toEqual({ outputTokens: 2, cachedInputTokens: 9 });
    expect(decodeBedrockUsage({ inputTokens: -1, outputTokens: 'x' })).toBeUndefined();
    expect(decodeBedrockUsage(undefined)).toBeUndefined();
    expect(decodeBedrockUsage([1, 2])).toBeUndefined();
  });
});
