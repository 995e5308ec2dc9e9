import { describe, expect, it } from 'vitest';
import { CallerLabelCap } from './caller-label-cap.js';

describe('CallerLabelCap', () => {
  it('admits the first distinct values and maps later ones to _other', () => {
    const cap = new CallerLabelCap(2);
    expect(['a', 'b', 'c', 'a', 'd', 'b'].map((value) => cap.label(value))).toEqual(['a', 'b', '_other', 'a', '_other', 'b']);
    expect(cap.size).toBe(2);
  });

  it('labels an absent value none without spending a slot', () => {
    const cap = new CallerLabelCap(1);
    expect(cap.label(undefined)).toBe('none');
    expect(cap.label('k1')).toBe('k1');
    expect(cap.label(undefined)).toBe('none');
    expect(cap.label('k2')).toBe('_other');
  });

  it('with a cap of zero labels every value _other', () => {
    const cap = new CallerLabelCap(0);
    expect(cap.label('k1')).toBe('_other');
    expect(cap.size).toBe(0);
  });

  it('rejects a cap that is not a non-negative integer', () => {
    expect(() => new CallerLabelCap(-1)).toThrow(RangeError);
    expect(() => new CallerLabelCap(1.5)).toThrow(RangeError);
  });
});
