import { describe, expect, it } from 'vitest';
import { ConnectionHealth } from './connection-health.js';

describe('ConnectionHealth', () => {
  it('knows nothing of a connection before its first verdict, and never calls it down', () => {
    const health = new ConnectionHealth();
    expect(health.isDown('a')).toBe(false);
    expect(health.report('a')).toEqual({ status: 'unknown', checkedAt: undefined, lastError: undefined, consecutiveFailures: 0 });
  });

  it('counts consecutive failures, keeps the latest error, and clears both on success', () => {
    const health = new ConnectionHealth();
    health.markDown('a', 1000, 'first');
    health.markDown('a', 2000, 'second');
    expect(health.isDown('a')).toBe(true);
    expect(health.report('a')).toEqual({ status: 'down', checkedAt: 2000, lastError: 'second', consecutiveFailures: 2 });
    health.markUp('a', 3000);
    expect(health.isDown('a')).toBe(false);
    expect(health.report('a')).toEqual({ status: 'up', checkedAt: 3000, lastError: undefined, consecutiveFailures: 0 });
    health.markDown('a', 4000, 'third');
    expect(health.report('a').consecutiveFailures).toBe(1);
  });

  it('keeps connections apart and forgets one on request', () => {
    const health = new ConnectionHealth();
    health.markDown('a', 1, 'down');
    health.markUp('b', 1);
    expect([health.isDown('a'), health.isDown('b')]).toEqual([true, false]);
    health.forget('a');
    expect(health.isDown('a')).toBe(false);
    expect(health.report('a').status).toBe('unknown');
  });
});
