import { describe, expect, it } from 'vitest';
import { decodeCohereUsage } from './decode-cohere-usage.js';

describe('decodeCohereUsage', () => {
  it('prefers billed units over processed tokens', () => {
    expect(decodeCohereUsage({ billed_units: { input_tokens: 21, output_tokens: 105 }, tokens: { input_tokens: 186, output_tokens: 105 } })).toStrictEqual({
      inputTokens: 21,
      outputTokens: 105,
    });
  });

  it('falls back to processed tokens when billed units are missing', () => {
    expect(decodeCohereUsage({ tokens: { input_tokens: 186, output_tokens: 9 } })).toStrictEqual({ inputTokens: 186, outputTokens: 9 });
  });

  it('reports cached tokens only as a subset of the input count', () => {
    expect(decodeCohereUsage({ billed_units: { input_tokens: 2048, output_tokens: 10 }, cached_tokens: 1536 })).toStrictEqual({
      inputTokens: 2048,
      outputTokens: 10,
      cachedInputTokens: 1536,
    });
    expect(decodeCohereUsage({ billed_units: { input_tokens: 20, output_tokens: 10 }, cached_tokens: 150 })).toStrictEqual({ inputTokens: 20, outputTokens: 10 });
  });

  it('leaves unknown counts undefined, never 0', () => {
    expect(decodeCohereUsage(undefined)).toBeUndefined();
    expect(decodeCohereUsage({})).toBeUndefined();
    expect(decodeCohereUsage({ billed_units: { output_tokens: 4 } })).toStrictEqual({ outputTokens: 4 });
    expect(decodeCohereUsage({ billed_units: { input_tokens: -1, output_tokens: Number.NaN } })).toBeUndefined();
  });
});
