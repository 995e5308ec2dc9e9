import { describe, expect, it } from 'vitest';
import { AlertDeduplicator } from './alert-deduplicator.js';

describe('AlertDeduplicator', () => {
  it('admits the same kind and subject once per window', () => {
    const dedup = new AlertDeduplicator();
    const alert = { kind: 'error_rate', subject: 'openai' } as const;
    expect(dedup.admit(alert, 1000, 60_000)).toBe(true);
    expect(dedup.holds('error_rate', 'openai', 1000)).toBe(true);
    expect(dedup.admit(alert, 60_999, 60_000)).toBe(false);
    expect(dedup.admit({ kind: 'error_rate', subject: 'anthropic' }, 2000, 60_000)).toBe(true);
    expect(dedup.admit({ kind: 'latency', subject: 'openai' }, 2000, 60_000)).toBe(true);
    expect(dedup.holds('error_rate', 'openai', 61_000)).toBe(false);
    expect(dedup.admit(alert, 61_000, 60_000)).toBe(true);
    expect(dedup.admit(alert, 62_000, 60_000)).toBe(false);
  });

  it('prunes expired entries and caps the map', () => {
    const dedup = new AlertDeduplicator(3);
    for (const subject of ['a', 'b', 'c']) dedup.admit({ kind: 'circuit_open', subject }, 0, 1000);
    expect(dedup.size).toBe(3);
    dedup.prune(1000);
    expect(dedup.size).toBe(0);
    for (const subject of ['a', 'b', 'c', 'd']) dedup.admit({ kind: 'circuit_open', subject }, 5000, 1000);
    expect(dedup.size).toBe(3);
    // The oldest went to make room, so it is no longer held back.
    expect(dedup.holds('circuit_open', 'a', 5000)).toBe(false);
    expect(dedup.holds('circuit_open', 'd', 5000)).toBe(true);
  });
});
