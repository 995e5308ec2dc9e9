import { describe, expect, it } from 'vitest';
import type { AttemptRecord } from '../../core/request-record.js';
import { attemptVerdict, ErrorRateTracker } from './error-rate-tracker.js';

const rule = { threshold: 0.5, windowMs: 60_000, minRequests: 4 };
const T0 = 1_000_000_000;

function feed(tracker: ErrorRateTracker, provider: string, outcomes: string, at: number): void {
  for (const outcome of outcomes) tracker.record(provider, outcome === 'x', at, rule);
}

describe('ErrorRateTracker', () => {
  it('alerts when the failed share reaches the threshold with enough attempts, per provider', () => {
    const tracker = new ErrorRateTracker();
    feed(tracker, 'openai', 'xx.', T0);
    expect(tracker.evaluate('openai', T0, rule)).toBeUndefined();
    feed(tracker, 'openai', '.', T0 + 1000);
    const alert = tracker.evaluate('openai', T0 + 1000, rule);
    expect(alert).toMatchObject({ kind: 'error_rate', severity: 'warning', subject: 'openai', at: T0 + 1000 });
    expect(alert?.details).toEqual({ provider: 'openai', failed: 2, total: 4, error_rate: 0.5, threshold: 0.5, window_ms: 60_000 });
    expect(alert?.message).toBe('Provider openai: 50% of attempts failed over the last 1 min (2 of 4; threshold 50%).');
    feed(tracker, 'anthropic', '....', T0);
    expect(tracker.evaluate('anthropic', T0, rule)).toBeUndefined();
    expect(tracker.evaluate('unknown', T0, rule)).toBeUndefined();
  });

  it('is critical at twice the threshold', () => {
    const tracker = new ErrorRateTracker();
    feed(tracker, 'openai', 'xxxx', T0);
    expect(tracker.evaluate('openai', T0, rule)?.severity).toBe('critical');
  });

  it('forgets attempts that slid out of the window', () => {
    const tracker = new ErrorRateTracker();
    feed(tracker, 'openai', 'xxxx', T0);
    expect(tracker.counts('openai', T0 + 30_000)).toEqual({ failed: 4, total: 4 });
    feed(tracker, 'openai', '....', T0 + 30_000);
    expect(tracker.evaluate('openai', T0 + 30_000, rule)).toBeDefined();
    expect(tracker.counts('openai', T0 + 62_000)).toEqual({ failed: 0, total: 4 });
    expect(tracker.evaluate('openai', T0 + 62_000, rule)).toBeUndefined();
    expect(tracker.counts('openai', T0 + 100_000)).toEqual({ failed: 0, total: 0 });
  });

  it('never alerts on zero failures, even with a threshold of 0', () => {
    const tracker = new ErrorRateTracker();
    const zero = { ...rule, threshold: 0 };
    for (let index = 0; index < 10; index += 1) tracker.record('openai', false, T0, zero);
    expect(tracker.evaluate('openai', T0, zero)).toBeUndefined();
    tracker.record('openai', true, T0, zero);
    expect(tracker.evaluate('openai', T0, zero)?.subject).toBe('openai');
  });

  it('starts afresh when the window changes, and prunes idle providers', () => {
    const tracker = new ErrorRateTracker();
    feed(tracker, 'openai', 'xxxx', T0);
    const wider = { ...rule, windowMs: 120_000 };
    expect(tracker.evaluate('openai', T0, wider)).toBeUndefined();
    tracker.record('openai', true, T0, wider);
    expect(tracker.counts('openai', T0)).toEqual({ failed: 1, total: 1 });
    tracker.prune(T0 + 60_000);
    expect(tracker.size).toBe(1);
    tracker.prune(T0 + 120_000);
    expect(tracker.size).toBe(0);
  });
});

describe('attemptVerdict', () => {
  const attempt = (errorKind: string | undefined): AttemptRecord => ({ provider: 'p', model: 'm', status: undefined, errorKind, latencyMs: 1 });

  it('counts provider failures as failed, caller mistakes as answered, and skips cancelled hedges', () => {
    expect(attemptVerdict(attempt(undefined))).toBe('ok');
    for (const kind of ['upstream', 'timeout', 'unavailable', 'rate_limited', 'auth']) expect(attemptVerdict(attempt(kind))).toBe('failed');
    for (const kind of ['bad_request', 'context_too_long', 'content_filtered']) expect(attemptVerdict(attempt(kind))).toBe('ok');
    expect(attemptVerdict(attempt('hedge_cancelled'))).toBeUndefined();
  });
});
