import { describe, expect, it } from 'vitest';
import { decodeGeminiUsage } from './decode-gemini-usage.js';
import { mapGeminiFinishReason } from './map-gemini-finish-reason.js';

describe('decodeGeminiUsage', () => {
  it('counts thoughts as output and cached tokens as a subset of input', () => {
    expect(decodeGeminiUsage({ promptTokenCount: 1000, cachedContentTokenCount: 800, candidatesTokenCount: 40, thoughtsTokenCount: 60, totalTokenCount: 1100 })).toEqual({
      inputTokens: 1000,
      cachedInputTokens: 800,
      outputTokens: 100,
      reasoningTokens: 60,
    });
  });

  it('derives an omitted (zero) candidate count from the total of a complete answer only', () => {
    expect(decodeGeminiUsage({ promptTokenCount: 10, thoughtsTokenCount: 5, totalTokenCount: 15 })).toEqual({ inputTokens: 10, outputTokens: 5, reasoningTokens: 5 });
    expect(decodeGeminiUsage({ promptTokenCount: 10, totalTokenCount: 15 }, false)).toEqual({ inputTokens: 10 });
  });

  it('keeps unknown counts undefined, never 0', () => {
    expect(decodeGeminiUsage(undefined)).toBeUndefined();
    expect(decodeGeminiUsage({})).toBeUndefined();
    expect(decodeGeminiUsage([1])).toBeUndefined();
    expect(decodeGeminiUsage({ promptTokenCount: -1, candidatesTokenCount: 'x' })).toBeUndefined();
    expect(decodeGeminiUsage({ candidatesTokenCount: 4 })).toEqual({ outputTokens: 4 });
  });
});

describe('mapGeminiFinishReason', () => {
  it.each([
    ['STOP', false, 'stop'],
    ['STOP', true, 'tool-calls'],
    ['MAX_TOKENS', true, 'length'],
    ['SAFETY', false, 'content-filter'],
    ['RECITATION', false, 'content-filter'],
    ['BLOCKLIST', false, 'content-filter'],
    ['PROHIBITED_CONTENT', false, 'content-filter'],
    ['SPII', false, 'content-filter'],
    ['LANGUAGE', false, 'other'],
    ['FINISH_REASON_UNSPECIFIED', false, 'other'],
  ] as const)('%s (tool calls: %s) -> %s', (raw, hasToolCalls, unified) => {
    expect(mapGeminiFinishReason(raw, hasToolCalls)).toEqual({ unified, raw });
  });

  it('has no raw word for an absent reason', () => {
    expect(mapGeminiFinishReason(undefined)).toEqual({ unified: 'other' });
  });
});
