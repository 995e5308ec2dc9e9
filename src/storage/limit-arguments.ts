import type { CounterScope } from './ports.js';

// One set of checks for every backend, so all of them refuse the same
// calls (the contract suite pins it).

/** Throws a RangeError unless `value` is a safe integer of at least `minimum`. */
export function assertSafeInteger(name: string, value: number, minimum = Number.MIN_SAFE_INTEGER): void {
  if (!Number.isSafeInteger(value) || value < minimum) {
    throw new RangeError(`${name} must be a safe integer >= ${minimum}, got ${value}`);
  }
}

/** Throws a RangeError when two lists that pair up element by element differ in length. */
export function assertSameLength(name: string, actual: readonly unknown[], expected: readonly unknown[]): void {
  if (actual.length !== expected.length) {
    throw new RangeError(`${name} has ${actual.length} entries for ${expected.length} scopes`);
  }
}

/**
 * Throws a RangeError on a repeated counter: a counter named twice in one call would be
 * checked once against its limit and then charged twice.
 */
export function assertDistinct(name: string, identities: readonly string[]): void {
  if (new Set(identities).size !== identities.length) throw new RangeError(`${name} repeats a counter`);
}

/** Limits are safe integers >= 0. */
export function assertLimits(scopes: readonly CounterScope[]): void {
  for (const scope of scopes) assertSafeInteger(`limit of ${scope.key}`, scope.limit, 0);
}

/** A period ends at a safe-integer epoch ms, or never (`Infinity`, the `total` period). */
export function assertPeriodEnds(periodEndsAt: readonly number[]): void {
  for (const endsAt of periodEndsAt) {
    if (endsAt !== Number.POSITIVE_INFINITY) assertSafeInteger('periodEndsAt', endsAt, 0);
  }
}

/** Period keys are non-empty and have no `:`, which separates them from the scope key. */
export function assertPeriodKeys(periodKeys: readonly string[]): void {
  for (const periodKey of periodKeys) {
    if (periodKey === '' || periodKey.includes(':')) throw new RangeError(`period key ${JSON.stringify(periodKey)} must be non-empty and have no ':'`);
  }
}

/** Every check of one `LimitStore` call, as both backends make them. */
export const checkLimitCall = {
  admitWindow(scopes: readonly CounterScope[], amount: number, windowMs: number, now: number): void {
    assertLimits(scopes);
    assertDistinct('scopes', scopes.map((scope) => scope.key));
    assertSafeInteger('amount', amount, 0);
    assertSafeInteger('windowMs', windowMs, 1);
    assertSafeInteger('now', now, 0);
  },
  adjustWindow(delta: number, windowMs: number, at: number): void {
    assertSafeInteger('delta', delta);
    assertSafeInteger('windowMs', windowMs, 1);
    assertSafeInteger('at', at, 0);
  },
  acquireSlots(scopes: readonly CounterScope[], leaseUntil: number, now: number): void {
    assertLimits(scopes);
    assertDistinct('scopes', scopes.map((scope) => scope.key));
    assertSafeInteger('now', now, 0);
    assertSafeInteger('leaseUntil', leaseUntil, now);
  },
  reserveBudget(
    scopes: readonly CounterScope[],
    periodKeys: readonly string[],
    amountMicros: number,
    periodEndsAt: readonly number[],
    reservation: { leaseUntil: number; now: number },
  ): void {
    assertLimits(scopes);
    assertSameLength('periodKeys', periodKeys, scopes);
    assertSameLength('periodEndsAt', periodEndsAt, scopes);
    assertPeriodKeys(periodKeys);
    assertPeriodEnds(periodEndsAt);
    assertSafeInteger('amountMicros', amountMicros, 0);
    assertSafeInteger('now', reservation.now, 0);
    assertSafeInteger('leaseUntil', reservation.leaseUntil, reservation.now);
    assertDistinct('scopes', scopes.map((scope, index) => `${periodKeys[index]}:${scope.key}`));
  },
  settleBudget(keys: readonly string[], periodKeys: readonly string[], actualMicros: number): void {
    assertSameLength('periodKeys', periodKeys, keys);
    assertPeriodKeys(periodKeys);
    assertSafeInteger('actualMicros', actualMicros, 0);
    assertDistinct('keys', keys.map((key, index) => `${periodKeys[index]}:${key}`));
  },
};
