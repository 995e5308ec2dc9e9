import { describe, expect, it } from 'vitest';
import { parseRetryAfterMs } from './parse-retry-after.js';

const NOW = Date.parse('2025-01-01T00:00:00Z');

describe('parseRetryAfterMs', () => {
  it('reads delta-seconds', () => {
    expect(parseRetryAfterMs({ 'retry-after': '20' }, NOW)).toBe(20_000);
    expect(parseRetryAfterMs({ 'retry-after': ' 0.5 ' }, NOW)).toBe(500);
    expect(parseRetryAfterMs({ 'retry-after': '0' }, NOW)).toBe(0);
  });

  it('prefers retry-after-ms over retry-after', () => {
    expect(parseRetryAfterMs({ 'retry-after-ms': '1500.2', 'retry-after': '2' }, NOW)).toBe(1501);
  });

  it('falls back to retry-after when retry-after-ms is garbage', () => {
    expect(parseRetryAfterMs({ 'retry-after-ms': 'soon', 'retry-after': '3' }, NOW)).toBe(3000);
  });

  it('reads an HTTP date relative to now', () => {
    expect(parseRetryAfterMs({ 'retry-after': 'Wed, 01 Jan 2025 00:00:30 GMT' }, NOW)).toBe(30_000);
    expect(parseRetryAfterMs({ 'retry-after': 'Wednesday, 01-Jan-25 00:01:00 GMT' }, NOW)).toBe(60_000);
  });

  it('gives 0 for an HTTP date in the past', () => {
    expect(parseRetryAfterMs({ 'retry-after': 'Tue, 31 Dec 2024 23:59:00 GMT' }, NOW)).toBe(0);
  });

  it('takes the first value of a repeated header', () => {
    expect(parseRetryAfterMs({ 'retry-after': ['4', '9'] }, NOW)).toBe(4000);
  });

  it('ignores missing, negative and garbage values', () => {
    expect(parseRetryAfterMs({}, NOW)).toBeUndefined();
    expect(parseRetryAfterMs({ 'retry-after': undefined }, NOW)).toBeUndefined();
    expect(parseRetryAfterMs({ 'retry-after': '' }, NOW)).toBeUndefined();
    expect(parseRetryAfterMs({ 'retry-after': '-5' }, NOW)).toBeUndefined();
    expect(parseRetryAfterMs({ 'retry-after-ms': '-5' }, NOW)).toBeUndefined();
    expect(parseRetryAfterMs({ 'retry-after': 'soon' }, NOW)).toBeUndefined();
    expect(parseRetryAfterMs({ 'retry-after': '1e3' }, NOW)).toBeUndefined();
    expect(parseRetryAfterMs({ 'retry-after': 'Fri, 99 Foo 2025' }, NOW)).toBeUndefined();
  });

  it('reads a bare number as seconds, never as a year', () => {
    expect(parseRetryAfterMs({ 'retry-after': '2025' }, NOW)).toBe(2_025_000);
  });
});
