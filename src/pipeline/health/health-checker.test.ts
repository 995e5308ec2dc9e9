import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { parseConfigText } from '../../config/index.js';
import type { ConfigSnapshot } from '../../config/index.js';
import type { AbortSource } from '../../core/cancellation.js';
import { GatewayError } from '../../core/errors.js';
import type { ConnectionProbe } from './create-connection-probe.js';
import { HealthChecker } from './health-checker.js';
import type { HealthChange, HealthVerdicts } from './health-checker.js';

const compile = (version: number, providers: string): ConfigSnapshot =>
  parseConfigText(`providers:\n${providers}\nmodels: {}\n`, { source: 't', env: {}, version, now: 0 });

const TWO = `
  a: { type: mock, health_check: { interval_s: 1, model: ping-a } }
  b: { type: mock, health_check: { interval_s: 2, model: ping-b } }
  plain: { type: mock }`;

const clock = { now: () => Date.now(), monotonic: () => Date.now() };

type Outcome = 'up' | 'down' | { hangMs: number };

/** The latest verdict per connection, as the router's ConnectionHealth would keep it. */
class Verdicts implements HealthVerdicts {
  readonly latest = new Map<string, { status: 'up' | 'down'; at: number; message?: string; failures: number }>();
  markUp(name: string, at: number): void {
    this.latest.set(name, { status: 'up', at, failures: 0 });
  }
  markDown(name: string, at: number, message: string): void {
    this.latest.set(name, { status: 'down', at, message, failures: (this.latest.get(name)?.failures ?? 0) + 1 });
  }
  forget(name: string): void {
    this.latest.delete(name);
  }
}

function setup(providers: string) {
  let snapshot = compile(1, providers);
  const outcomes = new Map<string, Outcome>();
  const calls: { name: string; model: string; at: number }[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const probe: ConnectionProbe = async (_snapshot, connection, settings, stop: AbortSource) => {
    calls.push({ name: connection.name, model: settings.model, at: Date.now() });
    inFlight += 1;
    maxInFlight = Math.max(maxInFlight, inFlight);
    try {
      const outcome = outcomes.get(connection.name) ?? 'up';
      if (outcome === 'down') throw new GatewayError('GW_UPSTREAM_ERROR', `${connection.name} said 503`);
      if (typeof outcome === 'object') {
        await new Promise<void>((resolve, reject) => {
          const timer = setTimeout(resolve, outcome.hangMs);
          stop.once('abort', () => {
            clearTimeout(timer);
            reject(new Error('aborted'));
          });
        });
      }
    } finally {
      inFlight -= 1;
    }
  };
  const health = new Verdicts();
  const changes: HealthChange[] = [];
  const checker = new HealthChecker({ snapshot: () => snapshot, probe, verdicts: health, clock, onChange: (change) => changes.push(change), syncIntervalMs: 500 });
  return {
    checker,
    health,
    calls,
    changes,
    outcomes,
    maxInFlight: () => maxInFlight,
    reload: (next: string) => (snapshot = compile(snapshot.version + 1, next)),
    probed: (name: string) => calls.filter((call) => call.name === name).map((call) => call.at),
  };
}

beforeEach(() => {
  vi.useFakeTimers({ now: 1_000_000 });
});

afterEach(() => {
  vi.useRealTimers();
});

describe('HealthChecker', () => {
  it('probes each checked connection at once, then every interval, and records the verdicts', async () => {
    const { checker, health, probed, outcomes } = setup(TWO);
    outcomes.set('b', 'down');
    checker.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(health.latest.get('a')).toEqual({ status: 'up', at: 1_000_000, failures: 0 });
    expect(health.latest.get('b')).toEqual({ status: 'down', at: 1_000_000, message: 'b said 503', failures: 1 });
    expect(health.latest.has('plain')).toBe(false);
    await vi.advanceTimersByTimeAsync(4000);
    expect(probed('a')).toEqual([1_000_000, 1_001_000, 1_002_000, 1_003_000, 1_004_000]);
    expect(probed('b')).toEqual([1_000_000, 1_002_000, 1_004_000]);
    expect(probed('plain')).toEqual([]);
    expect(health.latest.get('b')?.failures).toBe(3);
    await checker.stop();
  });

  it('never overlaps probes to one connection: a slow one delays the next', async () => {
    const { checker, probed, outcomes, maxInFlight } = setup(`  a: { type: mock, health_check: { interval_s: 1, model: ping } }`);
    outcomes.set('a', { hangMs: 2500 });
    checker.start();
    await vi.advanceTimersByTimeAsync(6000);
    const starts = probed('a');
    expect(starts).toHaveLength(3);
    // Each starts as the previous one ends (timers fire a tick late, hence the few ms).
    for (let index = 1; index < starts.length; index += 1) expect(starts[index]! - starts[index - 1]!).toBeGreaterThanOrEqual(2500);
    for (let index = 1; index < starts.length; index += 1) expect(starts[index]! - starts[index - 1]!).toBeLessThan(2510);
    expect(maxInFlight()).toBe(1);
    await checker.stop();
  });

  it('reports a first failure and every change of status, not repeats', async () => {
    const { checker, changes, outcomes } = setup(TWO);
    outcomes.set('b', 'down');
    checker.start();
    await vi.advanceTimersByTimeAsync(2500);
    outcomes.set('a', 'down');
    outcomes.set('b', 'up');
    await vi.advanceTimersByTimeAsync(2000);
    expect(changes).toEqual([
      { connection: 'b', status: 'down', previous: undefined, message: 'b said 503' },
      { connection: 'a', status: 'down', previous: 'up', message: 'a said 503' },
      { connection: 'b', status: 'up', previous: 'down', message: undefined },
    ]);
    await checker.stop();
  });

  it('follows a reload: new checks start at once, changed ones restart, dropped ones are forgotten', async () => {
    const { checker, health, calls, outcomes, reload } = setup(TWO);
    outcomes.set('b', 'down');
    checker.start();
    await vi.advanceTimersByTimeAsync(100);
    expect(health.latest.get('b')?.status).toBe('down');
    reload(`
  a: { type: mock, health_check: { interval_s: 3, model: ping-a2 } }
  b: { type: mock }
  plain: { type: mock, health_check: { interval_s: 1, model: ping-plain } }`);
    // The poll notices the new version within its interval.
    await vi.advanceTimersByTimeAsync(500);
    expect(health.latest.has('b')).toBe(false);
    const afterReload = () => calls.filter((call) => call.at > 1_000_100);
    expect(afterReload().map((call) => `${call.name}:${call.model}`).sort()).toEqual(['a:ping-a2', 'plain:ping-plain']);
    const restartedAt = afterReload()[0]!.at;
    await vi.advanceTimersByTimeAsync(4000);
    const nextOfA = afterReload().filter((call) => call.name === 'a' && call.at > restartedAt);
    expect(nextOfA.map((call) => call.at - restartedAt)).toEqual([3000]);
    expect(calls.filter((call) => call.name === 'b' && call.at > 1_000_000)).toEqual([]);
    await checker.stop();
  });

  it('takes a reload at once when told to sync', async () => {
    const { checker, probed, reload } = setup(TWO);
    checker.start();
    await vi.advanceTimersByTimeAsync(100);
    reload(`  c: { type: mock, health_check: { interval_s: 1, model: ping-c } }`);
    checker.sync();
    await vi.advanceTimersByTimeAsync(0);
    expect(probed('c')).toEqual([1_000_100]);
    await checker.stop();
  });

  it('stops every timer and aborts the probe in flight without recording it', async () => {
    const { checker, health, calls, outcomes } = setup(`  a: { type: mock, health_check: { interval_s: 1, model: ping } }`);
    checker.start();
    await vi.advanceTimersByTimeAsync(100);
    outcomes.set('a', { hangMs: 60_000 });
    await vi.advanceTimersByTimeAsync(1000);
    expect(calls).toHaveLength(2);
    await checker.stop();
    expect(health.latest.get('a')).toEqual({ status: 'up', at: 1_000_000, failures: 0 });
    await vi.advanceTimersByTimeAsync(10_000);
    expect(calls).toHaveLength(2);
    expect(vi.getTimerCount()).toBe(0);
  });
});
