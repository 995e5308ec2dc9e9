import { describe, expect, it } from 'vitest';
import { DeploymentStats, P95_MIN_SAMPLES, TTFB_EWMA_ALPHA, deploymentKey } from './deployment-stats.js';

function manualClock(start = 0) {
  let now = start;
  return { read: () => now, advance: (ms: number) => (now += ms) };
}

describe('DeploymentStats', () => {
  it('keys a deployment by connection and model', () => {
    expect(deploymentKey({ provider: 'azure-east', model: 'gpt-4o' })).toBe('azure-east/gpt-4o');
  });

  it("discards a deployment's first sample: it pays for connecting", () => {
    const clock = manualClock();
    const stats = new DeploymentStats(clock.read);
    const cold = stats.start('a');
    clock.advance(900);
    cold.firstByte();
    cold.end();
    expect(stats.ttfbMs('a')).toBeUndefined();
  });

  it('averages time to first byte with the documented alpha', () => {
    const clock = manualClock();
    const stats = new DeploymentStats(clock.read);
    const cold = stats.start('a');
    cold.firstByte();
    cold.end();
    const first = stats.start('a');
    clock.advance(100);
    first.firstByte();
    first.end();
    expect(stats.ttfbMs('a')).toBe(100);
    const second = stats.start('a');
    second.firstByte(clock.read() + 200);
    expect(TTFB_EWMA_ALPHA).toBe(0.3);
    expect(stats.ttfbMs('a')).toBeCloseTo(0.3 * 200 + 0.7 * 100, 10);
    second.firstByte(clock.read() + 5000);
    expect(stats.ttfbMs('a')).toBeCloseTo(130, 10);
    expect(stats.ttfbMs('unmeasured')).toBeUndefined();
  });

  it('counts in flight and never double-ends an attempt', () => {
    const stats = new DeploymentStats(manualClock().read);
    const one = stats.start('a');
    const two = stats.start('a');
    expect(stats.inFlight('a')).toBe(2);
    one.end();
    one.end();
    expect(stats.inFlight('a')).toBe(1);
    two.end(40);
    expect(stats.inFlight('a')).toBe(0);
    two.firstByte();
    expect(stats.ttfbMs('a')).toBeUndefined();
  });

  it('counts requests and tokens over a sliding 60 second window', () => {
    const clock = manualClock(1_000_000);
    const stats = new DeploymentStats(clock.read);
    stats.start('a').end(100);
    clock.advance(30_000);
    stats.start('a').end(50);
    stats.start('a').end();
    expect(stats.requestsInWindow('a')).toBe(3);
    expect(stats.tokensInWindow('a')).toBe(150);
    clock.advance(30_500);
    expect(stats.requestsInWindow('a')).toBe(2);
    expect(stats.tokensInWindow('a')).toBe(50);
    clock.advance(60_000);
    expect(stats.requestsInWindow('a')).toBe(0);
    expect(stats.tokensInWindow('a')).toBe(0);
    // A bucket reused a minute later starts from zero.
    stats.start('a').end(7);
    expect(stats.tokensInWindow('a')).toBe(7);
  });

  it('hands out round-robin turns per model', () => {
    const stats = new DeploymentStats(manualClock().read);
    expect([stats.nextTurn('m'), stats.nextTurn('m'), stats.nextTurn('other'), stats.nextTurn('m')]).toEqual([0, 1, 0, 2]);
  });

  it('reports the p95 of the recent samples once it has enough of them', () => {
    const clock = manualClock();
    const stats = new DeploymentStats(clock.read);
    const sample = (ms: number) => {
      const attempt = stats.start('a');
      clock.advance(ms);
      attempt.firstByte();
      attempt.end();
    };
    sample(5000); // the cold first sample is discarded
    for (let index = 1; index < P95_MIN_SAMPLES; index += 1) sample(index * 10);
    expect(stats.ttfbP95Ms('a')).toBeUndefined();
    sample(P95_MIN_SAMPLES * 10);
    // 20 samples 10..200: the 19th smallest is the 95th percentile.
    expect(stats.ttfbP95Ms('a')).toBe(190);
    // The ring keeps the latest 64: after 64 fast samples the slow ones are gone.
    for (let index = 0; index < 64; index += 1) sample(7);
    expect(stats.ttfbP95Ms('a')).toBe(7);
  });
});
