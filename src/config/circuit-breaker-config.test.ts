import { describe, expect, it } from 'vitest';
import { parseConfigText } from './index.js';

function load(model: string) {
  return parseConfigText(`providers:\n  p: { type: mock }\nmodels:\n  m: ${model}\n`, { source: 't', env: {}, version: 1, now: 0 });
}

describe('circuit_breaker config', () => {
  it('defaults to 5 failures in 30 s and a 30 s cooldown', () => {
    expect(load('{ targets: [{ provider: p, model: x }] }').models.get('m')!.circuitBreaker).toEqual({ failures: 5, windowMs: 30_000, cooldownMs: 30_000 });
  });

  it('takes per-model thresholds and `false` to turn it off', () => {
    expect(load('{ circuit_breaker: { failures: 2, cooldown_ms: 300 }, targets: [{ provider: p, model: x }] }').models.get('m')!.circuitBreaker).toEqual({
      failures: 2,
      windowMs: 30_000,
      cooldownMs: 300,
    });
    expect(load('{ circuit_breaker: false, targets: [{ provider: p, model: x }] }').models.get('m')!.circuitBreaker).toBeUndefined();
  });

  it('names the offending field', () => {
    expect(() => load('{ circuit_breaker: { failures: 0 }, targets: [{ provider: p, model: x }] }')).toThrow(/models\.m\.circuit_breaker\.failures/);
    expect(() => load('{ circuit_breaker: { cooldown: 5 }, targets: [{ provider: p, model: x }] }')).toThrow(/models\.m\.circuit_breaker\.cooldown: unknown key/);
    expect(() => load('{ circuit_breaker: true, targets: [{ provider: p, model: x }] }')).toThrow(/models\.m\.circuit_breaker/);
  });
});
