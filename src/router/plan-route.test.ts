import { describe, expect, it } from 'vitest';
import { parseConfigText } from '../config/index.js';
import { planRoute } from './plan-route.js';
import { staticInputs } from './strategy-inputs.js';

const snapshot = parseConfigText(
  `
providers:
  a: { type: mock }
  b: { type: mock }
models:
  split:
    targets:
      - { provider: a, model: a1, weight: 3 }
      - { provider: b, model: b1, weight: 1 }
      - { provider: b, model: standby, weight: 0 }
    fallbacks: [ordered]
  ordered:
    strategy: priority
    targets:
      - { provider: b, model: first }
      - { provider: a, model: second }
`,
  { source: 't', env: {}, version: 1, now: 0 },
);

function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

describe('planRoute', () => {
  it('picks targets in proportion to weight, standbys and fallbacks after', () => {
    const random = seeded(42);
    let firstIsA = 0;
    const runs = 10_000;
    for (let run = 0; run < runs; run += 1) {
      const plan = planRoute(snapshot, 'split', staticInputs(random));
      if (plan.steps[0]!.target.model === 'a1') firstIsA += 1;
      expect(plan.steps.map((step) => step.target.model).slice(2)).toEqual(['standby', 'first', 'second']);
    }
    expect(firstIsA / runs).toBeGreaterThan(0.73);
    expect(firstIsA / runs).toBeLessThan(0.77);
  });

  it('keeps priority order and records which model each step serves', () => {
    const plan = planRoute(snapshot, 'ordered', staticInputs(() => 0.99));
    expect(plan.steps.map((step) => [step.modelName, step.target.model])).toEqual([
      ['ordered', 'first'],
      ['ordered', 'second'],
    ]);
  });

  it('addresses a provider directly as provider/model', () => {
    const plan = planRoute(snapshot, 'b/some-model', staticInputs(Math.random));
    expect(plan.steps).toHaveLength(1);
    expect(plan.steps[0]).toMatchObject({ target: { provider: 'b', model: 'some-model' } });
  });

  it('answers 404 for unknown models', () => {
    expect(() => planRoute(snapshot, 'nope', staticInputs(Math.random))).toThrow(expect.objectContaining({ status: 404, wireCode: 'model_not_found' }));
    expect(() => planRoute(snapshot, 'zz/x', staticInputs(Math.random))).toThrow(expect.objectContaining({ status: 404 }));
  });
});
