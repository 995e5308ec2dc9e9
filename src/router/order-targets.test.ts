import { describe, expect, it } from 'vitest';
import { parseConfigText } from '../config/index.js';
import { DeploymentStats } from './deployment-stats.js';
import { planRoute } from './plan-route.js';
import { staticInputs } from './strategy-inputs.js';
import type { StrategyInputs } from './strategy-inputs.js';

const snapshot = parseConfigText(
  `
providers:
  a: { type: mock }
  b: { type: mock }
models:
  rr:
    strategy: round-robin
    targets:
      - { provider: a, model: one }
      - { provider: b, model: two }
      - { provider: b, model: spare, weight: 0 }
    fallbacks: [fast]
  fast:
    strategy: least-latency
    targets: [{ provider: a, model: x }, { provider: b, model: y }]
  quota:
    strategy: usage-based
    targets: [{ provider: a, model: q1, rpm: 2 }, { provider: b, model: q2, rpm: 4 }]
`,
  { source: 't', env: {}, version: 1, now: 0 },
);

function liveInputs(stats: DeploymentStats): StrategyInputs {
  return { ...staticInputs(() => 0), stats, turn: (name) => stats.nextTurn(name) };
}

describe('orderTargets through planRoute', () => {
  it('cycles round-robin, keeps standbys last and fallbacks after', () => {
    const inputs = liveInputs(new DeploymentStats(() => 0));
    const plans = [0, 1, 2].map(() => planRoute(snapshot, 'rr', inputs).steps.map((step) => step.target.model));
    expect(plans.map((plan) => plan.slice(0, 3))).toEqual([
      ['one', 'two', 'spare'],
      ['two', 'one', 'spare'],
      ['one', 'two', 'spare'],
    ]);
    expect(plans[0]!.slice(3).sort()).toEqual(['x', 'y']);
  });

  it('follows live statistics for least-latency and usage-based', () => {
    let now = 0;
    const stats = new DeploymentStats(() => now);
    const inputs = liveInputs(stats);
    // Each deployment's first sample (a cold connection) is discarded.
    for (const key of ['a/x', 'b/y']) {
      const cold = stats.start(key);
      cold.firstByte();
      cold.end();
    }
    const slow = stats.start('a/x');
    now += 80;
    slow.firstByte();
    slow.end();
    expect(planRoute(snapshot, 'fast', inputs).steps[0]!.target.model).toBe('y');
    const quick = stats.start('b/y');
    now += 10;
    quick.firstByte();
    quick.end();
    expect(planRoute(snapshot, 'fast', inputs).steps.map((step) => step.target.model)).toEqual(['y', 'x']);
    for (let count = 0; count < 4; count += 1) stats.start('b/q2').end();
    expect(planRoute(snapshot, 'quota', inputs).steps.map((step) => step.target.model)).toEqual(['q1', 'q2']);
  });
});
