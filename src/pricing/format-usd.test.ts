import { describe, expect, it } from 'vitest';
import { formatMicrosAsUsd } from './format-usd.js';

describe('formatMicrosAsUsd', () => {
  it('prints six decimal places', () => {
    expect(formatMicrosAsUsd(1234)).toBe('0.001234');
    expect(formatMicrosAsUsd(0)).toBe('0.000000');
    expect(formatMicrosAsUsd(1)).toBe('0.000001');
    expect(formatMicrosAsUsd(1_000_000)).toBe('1.000000');
    expect(formatMicrosAsUsd(123_456_789)).toBe('123.456789');
  });

  it('is exact where float division is not', () => {
    expect(formatMicrosAsUsd(Number.MAX_SAFE_INTEGER)).toBe('9007199254.740991');
    expect(formatMicrosAsUsd(300_000)).toBe('0.300000');
  });

  it('keeps the sign of negative amounts (refunds, corrections)', () => {
    expect(formatMicrosAsUsd(-2_500_000)).toBe('-2.500000');
    expect(formatMicrosAsUsd(-1)).toBe('-0.000001');
    expect(formatMicrosAsUsd(-0)).toBe('0.000000');
  });

  it('rounds non-integers first', () => {
    expect(formatMicrosAsUsd(1234.6)).toBe('0.001235');
  });

  it('rejects NaN and infinities', () => {
    expect(() => formatMicrosAsUsd(Number.NaN)).toThrow(RangeError);
    expect(() => formatMicrosAsUsd(Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });
});
