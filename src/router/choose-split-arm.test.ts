import { describe, expect, it } from 'vitest';
import type { SplitArm } from '../config/index.js';
import { GatewayError } from '../core/errors.js';
import { chooseSplitArm, stickyIdFor } from './choose-split-arm.js';

const neverCalled = (): number => {
  throw new Error('random() must not be called for a sticky id');
};

function shares(arms: readonly SplitArm[], ids: readonly string[], salt = 'split-model'): Map<string, number> {
  const counts = new Map<string, number>(arms.map((arm) => [arm.model, 0]));
  for (const id of ids) {
    const arm = chooseSplitArm(arms, id, salt, neverCalled);
    counts.set(arm.model, (counts.get(arm.model) ?? 0) + 1);
  }
  return new Map([...counts].map(([model, count]) => [model, (count / ids.length) * 100]));
}

const sequentialIds = Array.from({ length: 10_000 }, (_, index) => `user-${index}`);
const keyLikeIds = Array.from({ length: 10_000 }, (_, index) => `sk-${(index * 2654435761).toString(36)}-${index % 7}`);

describe('chooseSplitArm with a sticky id', () => {
  const arms: SplitArm[] = [
    { model: 'stable', percent: 90 },
    { model: 'canary', percent: 10 },
  ];

  it('gives the same id the same arm every time', () => {
    for (const id of ['alice', 'bob', 'key_123', 'master', '']) {
      const first = chooseSplitArm(arms, id, 'salt', neverCalled);
      for (let round = 0; round < 20; round += 1) expect(chooseSplitArm(arms, id, 'salt', neverCalled)).toBe(first);
    }
  });

  it('spreads 10,000 distinct ids within 2 points of a 90/10 split', () => {
    for (const ids of [sequentialIds, keyLikeIds]) {
      const result = shares(arms, ids);
      expect(Math.abs((result.get('stable') ?? 0) - 90)).toBeLessThanOrEqual(2);
      expect(Math.abs((result.get('canary') ?? 0) - 10)).toBeLessThanOrEqual(2);
    }
  });

  it('spreads 10,000 distinct ids within 2 points of a 50/30/20 split', () => {
    const three: SplitArm[] = [
      { model: 'a', percent: 50 },
      { model: 'b', percent: 30 },
      { model: 'c', percent: 20 },
    ];
    for (const ids of [sequentialIds, keyLikeIds]) {
      const result = shares(three, ids);
      expect(Math.abs((result.get('a') ?? 0) - 50)).toBeLessThanOrEqual(2);
      expect(Math.abs((result.get('b') ?? 0) - 30)).toBeLessThanOrEqual(2);
      expect(Math.abs((result.get('c') ?? 0) - 20)).toBeLessThanOrEqual(2);
    }
  });

  it('moves ids independently under different salts', () => {
    const half: SplitArm[] = [
      { model: 'x', percent: 50 },
      { model: 'y', percent: 50 },
    ];
    const agree = sequentialIds.filter((id) => chooseSplitArm(half, id, 'model-one', neverCalled) === chooseSplitArm(half, id, 'model-two', neverCalled)).length;
    expect(agree / sequentialIds.length).toBeGreaterThan(0.45);
    expect(agree / sequentialIds.length).toBeLessThan(0.55);
  });

  it('never chooses an arm with percent 0', () => {
    const withZero: SplitArm[] = [
      { model: 'off-first', percent: 0 },
      { model: 'on', percent: 60 },
      { model: 'off-middle', percent: 0 },
      { model: 'other', percent: 40 },
      { model: 'off-last', percent: 0 },
    ];
    const result = shares(withZero, sequentialIds);
    expect(result.get('off-first')).toBe(0);
    expect(result.get('off-middle')).toBe(0);
    expect(result.get('off-last')).toBe(0);
    expect(result.get('on')).toBeGreaterThan(55);
  });
});

describe('chooseSplitArm without a sticky id', () => {
  const arms: SplitArm[] = [
    { model: 'a', percent: 50 },
    { model: 'b', percent: 30 },
    { model: 'c', percent: 20 },
  ];

  it('walks the cumulative percents with random() * 100', () => {
    expect(chooseSplitArm(arms, undefined, 's', () => 0).model).toBe('a');
    expect(chooseSplitArm(arms, undefined, 's', () => 0.4999).model).toBe('a');
    expect(chooseSplitArm(arms, undefined, 's', () => 0.5).model).toBe('b');
    expect(chooseSplitArm(arms, undefined, 's', () => 0.7999).model).toBe('b');
    expect(chooseSplitArm(arms, undefined, 's', () => 0.8).model).toBe('c');
    expect(chooseSplitArm(arms, undefined, 's', () => 0.9999).model).toBe('c');
  });

  it('calls random once per draw', () => {
    let calls = 0;
    chooseSplitArm(arms, undefined, 's', () => {
      calls += 1;
      return 0.3;
    });
    expect(calls).toBe(1);
  });

  it('skips zero-percent arms even at the edges of the draw', () => {
    const withZero: SplitArm[] = [
      { model: 'off', percent: 0 },
      { model: 'on', percent: 100 },
      { model: 'off-too', percent: 0 },
    ];
    expect(chooseSplitArm(withZero, undefined, 's', () => 0).model).toBe('on');
    expect(chooseSplitArm(withZero, undefined, 's', () => 0.999_999).model).toBe('on');
  });

  it('lands on the last live arm for an out-of-range draw', () => {
    expect(chooseSplitArm(arms, undefined, 's', () => 1).model).toBe('c');
    expect(chooseSplitArm(arms, undefined, 's', () => Number.NaN).model).toBe('c');
  });

  it('refuses a split with no positive arm', () => {
    expect(() => chooseSplitArm([{ model: 'a', percent: 0 }], undefined, 's', () => 0)).toThrow(GatewayError);
    expect(() => chooseSplitArm([], 'id', 's', () => 0)).toThrow(GatewayError);
  });
});

describe('stickyIdFor', () => {
  it('key sticks to the key id, including master and an absent key', () => {
    expect(stickyIdFor('key', { keyId: 'k1', userId: 'u1' }, 'e1')).toBe('k1');
    expect(stickyIdFor('key', { keyId: 'master' }, undefined)).toBe('master');
    expect(stickyIdFor('key', {}, 'e1')).toBeUndefined();
  });

  it('user prefers the authenticated user, then the end user, then the key', () => {
    expect(stickyIdFor('user', { keyId: 'k1', userId: 'u1' }, 'e1')).toBe('u1');
    expect(stickyIdFor('user', { keyId: 'k1' }, 'e1')).toBe('e1');
    expect(stickyIdFor('user', { keyId: 'k1' }, undefined)).toBe('k1');
    expect(stickyIdFor('user', {}, undefined)).toBeUndefined();
  });

  it('none never sticks', () => {
    expect(stickyIdFor('none', { keyId: 'k1', userId: 'u1' }, 'e1')).toBeUndefined();
  });
});
