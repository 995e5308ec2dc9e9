import { describe, expect, it } from 'vitest';
import { CircuitBreakers } from './circuit-breaker.js';

const settings = { failures: 3, windowMs: 1000, cooldownMs: 500 };

function setup() {
  const time = { now: 0 };
  return { time, breakers: new CircuitBreakers(() => time.now) };
}

function fail(breakers: CircuitBreakers, times: number) {
  for (let index = 0; index < times; index += 1) breakers.recordFailure('d', breakers.admit('d'), settings);
}

describe('CircuitBreakers', () => {
  it('opens after `failures` within the window and stays open for the cooldown', () => {
    const { time, breakers } = setup();
    fail(breakers, 2);
    expect(breakers.available('d')).toBe(true);
    time.now = 100;
    fail(breakers, 1);
    expect(breakers.available('d')).toBe(false);
    expect(breakers.report('d', 1000)).toEqual({ state: 'open', failuresInWindow: 3, openUntil: 600 });
    time.now = 599;
    expect(breakers.available('d')).toBe(false);
  });

  it('forgets failures older than the window', () => {
    const { time, breakers } = setup();
    fail(breakers, 2);
    time.now = 1000;
    fail(breakers, 1);
    expect(breakers.report('d', 1000)).toEqual({ state: 'closed', failuresInWindow: 1, openUntil: undefined });
    expect(breakers.available('d')).toBe(true);
  });

  it('lets exactly one probe through after the cooldown; its success closes', () => {
    const { time, breakers } = setup();
    fail(breakers, 3);
    time.now = 500;
    expect(breakers.available('d')).toBe(true);
    const probe = breakers.admit('d');
    expect(probe.probe).toBe(true);
    expect(breakers.available('d')).toBe(false);
    expect(breakers.admit('d').probe).toBe(false);
    expect(breakers.report('d', 1000).state).toBe('half-open');
    breakers.recordSuccess('d');
    expect(breakers.report('d', 1000)).toEqual({ state: 'closed', failuresInWindow: 0, openUntil: undefined });
  });

  it('reopens for a fresh cooldown when the probe fails', () => {
    const { time, breakers } = setup();
    fail(breakers, 3);
    time.now = 700;
    breakers.recordFailure('d', breakers.admit('d'), settings);
    expect(breakers.report('d', 1000)).toEqual({ state: 'open', failuresInWindow: 3, openUntil: 1200 });
    expect(breakers.available('d')).toBe(false);
  });

  it('frees the probe slot when the probe ends without a verdict', () => {
    const { time, breakers } = setup();
    fail(breakers, 3);
    time.now = 500;
    const probe = breakers.admit('d');
    breakers.release('d', probe);
    expect(breakers.available('d')).toBe(true);
    expect(breakers.admit('d').probe).toBe(true);
  });

  it('does not extend the cooldown for a last-resort attempt on an open breaker', () => {
    const { time, breakers } = setup();
    fail(breakers, 3);
    time.now = 200;
    const forced = breakers.admit('d');
    expect(forced.probe).toBe(false);
    breakers.recordFailure('d', forced, settings);
    expect(breakers.report('d', 1000).openUntil).toBe(500);
  });

  it('keeps deployments apart', () => {
    const { breakers } = setup();
    fail(breakers, 3);
    expect(breakers.available('other')).toBe(true);
    expect(breakers.report('other', 1000).state).toBe('closed');
  });
});
