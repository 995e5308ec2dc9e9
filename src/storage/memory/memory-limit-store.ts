import { systemClock, type Clock } from '../../core/clock.js';
import type { BudgetAdmission, CounterScope, LimitStore, WindowAdmission } from '../ports.js';
import { assertPeriodKeys, checkLimitCall } from '../limit-arguments.js';
import { ExpiringMap } from './expiring-map.js';

const DAY_MS = 86_400_000;

interface WindowCounter {
  count: number;
}

interface BudgetCounter {
  spent: number;
  /** The sum of `reservations`' amounts. */
  reserved: number;
  /** Reservation id → its amount and lease end. */
  reservations: Map<string, { amount: number; leaseUntil: number }>;
}

function emptyCounter(): BudgetCounter {
  return { spent: 0, reserved: 0, reservations: new Map() };
}

/** Options of {@link MemoryLimitStore}. */
export interface MemoryLimitStoreOptions {
  /**
   * Wall clock used only to forget finished budget periods (settling carries no `now`).
   * Windows and leases expire by the caller's `now`. Default: the system clock.
   */
  clock?: Pick<Clock, 'now'>;
}

function windowKey(windowMs: number, windowStart: number, key: string): string {
  return `${windowMs}:${windowStart}:${key}`;
}

function budgetKey(periodKey: string, key: string): string {
  return `${periodKey}:${key}`;
}

/**
 * Limits for one instance. Each method does all its work synchronously before its promise
 * settles, so no other call interleaves: that is the atomicity the port asks for.
 * Windows are kept one window past their end and budget periods a day past theirs (the
 * same grace as redis/), then swept.
 */
export class MemoryLimitStore implements LimitStore {
  readonly #windows = new ExpiringMap<WindowCounter>();
  readonly #slots = new ExpiringMap<Map<string, number>>();
  readonly #budgets = new ExpiringMap<BudgetCounter>();
  readonly #claims = new ExpiringMap<true>();
  readonly #clock: Pick<Clock, 'now'>;

  constructor(options: MemoryLimitStoreOptions = {}) {
    this.#clock = options.clock ?? systemClock;
  }

  async admitWindow(scopes: readonly CounterScope[], amount: number, windowMs: number, now: number): Promise<WindowAdmission> {
    checkLimitCall.admitWindow(scopes, amount, windowMs, now);
    const windowStart = now - (now % windowMs);
    const windowEndsAt = windowStart + windowMs;
    const keys = scopes.map((scope) => windowKey(windowMs, windowStart, scope.key));
    const counts = keys.map((key) => this.#windows.get(key, now)?.count ?? 0);
    const blockedScope = scopes.findIndex((scope, index) => (counts[index] ?? 0) + amount > scope.limit);
    if (blockedScope >= 0) return { admitted: false, counts, blockedScope, windowEndsAt };
    keys.forEach((key, index) => {
      const count = (counts[index] ?? 0) + amount;
      counts[index] = count;
      this.#windows.set(key, { count }, windowEndsAt + windowMs, now);
    });
    return { admitted: true, counts, windowEndsAt };
  }

  async adjustWindow(keys: readonly string[], delta: number, windowMs: number, at: number): Promise<void> {
    checkLimitCall.adjustWindow(delta, windowMs, at);
    const windowStart = at - (at % windowMs);
    for (const key of keys) {
      const counter = this.#windows.get(windowKey(windowMs, windowStart, key));
      if (counter !== undefined) counter.count += delta;
    }
  }

  async acquireSlots(scopes: readonly CounterScope[], leaseId: string, leaseUntil: number, now: number): Promise<boolean> {
    checkLimitCall.acquireSlots(scopes, leaseUntil, now);
    const held = scopes.map((scope) => {
      const leases = this.#slots.get(scope.key, now) ?? new Map<string, number>();
      for (const [id, until] of leases) if (until < now) leases.delete(id);
      return leases;
    });
    if (scopes.some((scope, index) => !held[index]?.has(leaseId) && (held[index]?.size ?? 0) >= scope.limit)) return false;
    scopes.forEach((scope, index) => {
      const leases = held[index] ?? new Map<string, number>();
      leases.set(leaseId, leaseUntil);
      this.#slots.set(scope.key, leases, Math.max(...leases.values()), now);
    });
    return true;
  }

  async releaseSlots(keys: readonly string[], leaseId: string): Promise<void> {
    for (const key of keys) {
      const leases = this.#slots.get(key);
      leases?.delete(leaseId);
      if (leases?.size === 0) this.#slots.delete(key);
    }
  }

  async reserveBudget(
    scopes: readonly CounterScope[],
    periodKeys: readonly string[],
    amountMicros: number,
    periodEndsAt: readonly number[],
    reservation: { id: string; leaseUntil: number; now: number },
  ): Promise<BudgetAdmission> {
    checkLimitCall.reserveBudget(scopes, periodKeys, amountMicros, periodEndsAt, reservation);
    const keys = scopes.map((scope, index) => budgetKey(periodKeys[index] ?? '', scope.key));
    const counters = keys.map((key) => this.#budgets.get(key) ?? emptyCounter());
    for (const counter of counters) {
      for (const [id, held] of counter.reservations) {
        if (held.leaseUntil >= reservation.now) continue;
        counter.reservations.delete(id);
        counter.reserved -= held.amount;
      }
    }
    const spentMicros = counters.map((counter) => counter.spent);
    const blockedScope = scopes.findIndex((scope, index) => {
      const counter = counters[index] ?? emptyCounter();
      return counter.spent + counter.reserved + amountMicros > scope.limit;
    });
    if (blockedScope >= 0) return { reserved: false, blockedScope, spentMicros };
    const now = this.#clock.now();
    keys.forEach((key, index) => {
      const counter = counters[index] ?? emptyCounter();
      const amount = (counter.reservations.get(reservation.id)?.amount ?? 0) + amountMicros;
      counter.reservations.set(reservation.id, { amount, leaseUntil: reservation.leaseUntil });
      counter.reserved += amountMicros;
      const endsAt = periodEndsAt[index] ?? Number.POSITIVE_INFINITY;
      this.#budgets.set(key, counter, Math.max(endsAt, now) + DAY_MS, now);
    });
    return { reserved: true, spentMicros };
  }

  async settleBudget(keys: readonly string[], periodKeys: readonly string[], reservationId: string, actualMicros: number): Promise<number[]> {
    checkLimitCall.settleBudget(keys, periodKeys, actualMicros);
    const budgetKeys = keys.map((key, index) => budgetKey(periodKeys[index] ?? '', key));
    return budgetKeys.map((key) => {
      let counter = this.#budgets.get(key);
      if (counter === undefined) {
        // No reservation to settle (its period was forgotten, or none was made): the spend
        // is still recorded, kept until the store closes as redis/ keeps it without a TTL.
        counter = emptyCounter();
        this.#budgets.set(key, counter, Number.POSITIVE_INFINITY, this.#clock.now());
      }
      const held = counter.reservations.get(reservationId);
      if (held !== undefined) {
        counter.reservations.delete(reservationId);
        counter.reserved -= held.amount;
      }
      counter.spent += actualMicros;
      return counter.spent;
    });
  }

  async readBudget(key: string, periodKey: string): Promise<{ spentMicros: number; reservedMicros: number }> {
    assertPeriodKeys([periodKey]);
    const counter = this.#budgets.get(budgetKey(periodKey, key));
    return { spentMicros: counter?.spent ?? 0, reservedMicros: counter?.reserved ?? 0 };
  }

  async claimOnce(key: string, expiresAt: number): Promise<boolean> {
    const now = this.#clock.now();
    if (this.#claims.get(key, now) !== undefined) return false;
    this.#claims.set(key, true, expiresAt, now);
    return true;
  }

  /** Counters and slot sets held, expired ones not yet swept included: for diagnostics. */
  get size(): number {
    return this.#windows.size + this.#slots.size + this.#budgets.size;
  }

  async close(): Promise<void> {}
}
