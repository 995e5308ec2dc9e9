import { describe, expect, it } from 'vitest';
import { parseConfigText } from '../config/index.js';
import { CircuitBreakers } from './circuit-breaker.js';
import { ConnectionHealth } from './connection-health.js';
import { deferOpenCircuits } from './defer-open-circuits.js';
import { planRoute } from './plan-route.js';
import { staticInputs } from './strategy-inputs.js';

const snapshot = parseConfigText(
  `
providers:
  p: { type: mock }
  q: { type: mock }
models:
  m: { strategy: priority, circuit_breaker: { failures: 1 }, targets: [{ provider: p, model: a }, { provider: p, model: b }, { provider: p, model: c }] }
  off: { strategy: priority, circuit_breaker: false, targets: [{ provider: p, model: a }, { provider: p, model: b }] }
  spread: { strategy: priority, circuit_breaker: false, targets: [{ provider: q, model: a }, { provider: p, model: b }, { provider: q, model: c }] }
`,
  { source: 't', env: {}, version: 1, now: 0 },
);
const settings = snapshot.models.get('m')!.circuitBreaker!;
const order = (model: string, breakers: CircuitBreakers, connections?: ConnectionHealth) =>
  deferOpenCircuits(planRoute(snapshot, model, staticInputs(() => 0)), snapshot, breakers, connections).steps.map((step) => step.target.model);

describe('deferOpenCircuits', () => {
  it('moves open deployments to the end, keeping the rest in order', () => {
    const breakers = new CircuitBreakers(() => 0);
    breakers.recordFailure('p/a', breakers.admit('p/a'), settings);
    expect(order('m', breakers)).toEqual(['b', 'c', 'a']);
  });

  it('keeps every deployment when all are open', () => {
    const breakers = new CircuitBreakers(() => 0);
    for (const key of ['p/a', 'p/b', 'p/c']) breakers.recordFailure(key, breakers.admit(key), settings);
    expect(order('m', breakers)).toEqual(['a', 'b', 'c']);
  });

  it('leaves a model without a breaker alone', () => {
    const breakers = new CircuitBreakers(() => 0);
    breakers.recordFailure('p/a', breakers.admit('p/a'), settings);
    expect(order('off', breakers)).toEqual(['a', 'b']);
  });

  it('moves steps on a connection whose health check failed to the end, breaker or not', () => {
    const connections = new ConnectionHealth();
    connections.markDown('q', 0, 'probe failed');
    expect(order('spread', new CircuitBreakers(() => 0), connections)).toEqual(['b', 'a', 'c']);
    connections.markUp('q', 1);
    expect(order('spread', new CircuitBreakers(() => 0), connections)).toEqual(['a', 'b', 'c']);
  });

  it('keeps open circuits and down connections behind the rest, never dropping one', () => {
    const breakers = new CircuitBreakers(() => 0);
    breakers.recordFailure('p/a', breakers.admit('p/a'), settings);
    const connections = new ConnectionHealth();
    connections.markDown('p', 0, 'probe failed');
    expect(order('m', breakers, connections)).toEqual(['a', 'b', 'c']);
    connections.markUp('p', 1);
    expect(order('m', breakers, connections)).toEqual(['b', 'c', 'a']);
  });
});
