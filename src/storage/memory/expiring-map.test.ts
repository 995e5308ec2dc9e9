import { describe, expect, it } from 'vitest';
import { ExpiringMap } from './expiring-map.js';

describe('ExpiringMap', () => {
  it('drops an entry read after its expiry, keeping it through the expiry instant', () => {
    const map = new ExpiringMap<string>();
    map.set('a', 'value', 1_000, 0);
    expect(map.get('a', 1_000)).toBe('value');
    expect(map.get('a')).toBe('value');
    expect(map.get('a', 1_001)).toBeUndefined();
    expect(map.size).toBe(0);
  });

  it('sweeps expired entries once the map doubles, never those that live', () => {
    const map = new ExpiringMap<number>(8);
    map.set('forever', 0, Number.POSITIVE_INFINITY, 0);
    for (let index = 0; index < 1_000; index += 1) map.set(`entry-${index}`, index, index + 5, index);
    expect(map.size).toBeLessThanOrEqual(16);
    expect(map.get('forever', 10_000)).toBe(0);
    expect(map.get('entry-999', 1_000)).toBe(999);
  });
});
