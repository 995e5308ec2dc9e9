import type { Redis } from 'ioredis';
import { systemClock, type Clock } from '../../core/clock.js';
import type { BudgetAdmission, CounterScope, LimitStore, WindowAdmission } from '../ports.js';
import { assertPeriodKeys, checkLimitCall } from '../limit-arguments.js';
import { closeRedis } from './open-redis.js';
import { defineLimitScripts, type LimitScripts } from './limit-scripts.js';

const DAY_MS = 86_400_000;
/**
 * A slot set outlives its newest lease by this much. Expired leases are reclaimed by
 * score, so this is only garbage collection, with room for instances whose clocks disagree.
 */
const SLOT_SET_GRACE_MS = 60_000;

/** Options of {@link RedisLimitStore}. */
export interface RedisLimitStoreOptions {
  /**
   * Wall clock used only to turn a budget period's end into a TTL. Windows, slot leases and
   * budget reservations expire by the caller's `now`. Default: the system clock.
   */
  clock?: Pick<Clock, 'now'>;
}

function windowKey(windowMs: number, windowStart: number, key: string): string {
  return `win:${windowMs}:${windowStart}:${key}`;
}

function slotKey(key: string): string {
  return `slots:${key}`;
}

function budgetKey(periodKey: string, key: string): string {
  return `budget:${periodKey}:${key}`;
}

/** The budget hash, its reservations (id → amount) and their leases (id by leaseUntil): the KEYS triple of the budget scripts. */
function budgetKeys(periodKey: string, key: string): string[] {
  return [budgetKey(periodKey, key), `res:${periodKey}:${key}`, `reslease:${periodKey}:${key}`];
}

/** A script's reply as integers; anything else means the script and this file disagree. */
function integers(reply: unknown, length: number): number[] {
  if (!Array.isArray(reply) || reply.length !== length || !reply.every((value) => Number.isSafeInteger(value))) {
    throw new Error(`unexpected reply from a limit script: ${JSON.stringify(reply)}`);
  }
  return reply as number[];
}

/**
 * Limits shared by every instance through one Redis. Each method is one Lua script, so a
 * check and its increments run with no other command in between (README.md has the key
 * layout and each script's contract). Owns its connection: `close()` ends it.
 */
export class RedisLimitStore implements LimitStore {
  readonly #redis: Redis;
  readonly #scripts: LimitScripts;
  readonly #clock: Pick<Clock, 'now'>;

  constructor(redis: Redis, options: RedisLimitStoreOptions = {}) {
    this.#redis = redis;
    this.#scripts = defineLimitScripts(redis);
    this.#clock = options.clock ?? systemClock;
  }

  async admitWindow(scopes: readonly CounterScope[], amount: number, windowMs: number, now: number): Promise<WindowAdmission> {
    checkLimitCall.admitWindow(scopes, amount, windowMs, now);
    const windowStart = now - (now % windowMs);
    const windowEndsAt = windowStart + windowMs;
    if (scopes.length === 0) return { admitted: true, counts: [], windowEndsAt };
    // One window of grace past the end: an instance whose clock runs behind still counts into this window.
    const ttlMs = windowEndsAt - now + windowMs;
    const reply = await this.#scripts.admitWindow(
      scopes.map((scope) => windowKey(windowMs, windowStart, scope.key)),
      [amount, ttlMs, ...scopes.map((scope) => scope.limit)],
    );
    const [blocked = 0, ...counts] = integers(reply, scopes.length + 1);
    if (blocked > 0) return { admitted: false, counts, blockedScope: blocked - 1, windowEndsAt };
    return { admitted: true, counts, windowEndsAt };
  }

  async adjustWindow(keys: readonly string[], delta: number, windowMs: number, at: number): Promise<void> {
    checkLimitCall.adjustWindow(delta, windowMs, at);
    if (keys.length === 0 || delta === 0) return;
    const windowStart = at - (at % windowMs);
    await this.#scripts.adjustWindow(keys.map((key) => windowKey(windowMs, windowStart, key)), [delta]);
  }

  async acquireSlots(scopes: readonly CounterScope[], leaseId: string, leaseUntil: number, now: number): Promise<boolean> {
    checkLimitCall.acquireSlots(scopes, leaseUntil, now);
    if (scopes.length === 0) return true;
    const reply = await this.#scripts.acquireSlots(
      scopes.map((scope) => slotKey(scope.key)),
      [leaseId, leaseUntil, now, leaseUntil - now + SLOT_SET_GRACE_MS, ...scopes.map((scope) => scope.limit)],
    );
    return reply === 1;
  }

  async releaseSlots(keys: readonly string[], leaseId: string): Promise<void> {
    if (keys.length === 0) return;
    await this.#scripts.releaseSlots(keys.map(slotKey), [leaseId]);
  }

  async reserveBudget(
    scopes: readonly CounterScope[],
    periodKeys: readonly string[],
    amountMicros: number,
    periodEndsAt: readonly number[],
    reservation: { id: string; leaseUntil: number; now: number },
  ): Promise<BudgetAdmission> {
    checkLimitCall.reserveBudget(scopes, periodKeys, amountMicros, periodEndsAt, reservation);
    if (scopes.length === 0) return { reserved: true, spentMicros: [] };
    const now = this.#clock.now();
    const perScope = scopes.flatMap((scope, index) => {
      const endsAt = periodEndsAt[index] ?? Number.POSITIVE_INFINITY;
      // A day past the period's end (at least a day from now); 0 keeps a `total` budget forever.
      const ttlMs = endsAt === Number.POSITIVE_INFINITY ? 0 : Math.max(endsAt, now) + DAY_MS - now;
      return [scope.limit, ttlMs];
    });
    const reply = await this.#scripts.reserveBudget(
      scopes.flatMap((scope, index) => budgetKeys(periodKeys[index] ?? '', scope.key)),
      [amountMicros, reservation.id, reservation.leaseUntil, reservation.now, ...perScope],
    );
    const [blocked = 0, ...spentMicros] = integers(reply, scopes.length + 1);
    if (blocked > 0) return { reserved: false, blockedScope: blocked - 1, spentMicros };
    return { reserved: true, spentMicros };
  }

  async settleBudget(keys: readonly string[], periodKeys: readonly string[], reservationId: string, actualMicros: number): Promise<number[]> {
    checkLimitCall.settleBudget(keys, periodKeys, actualMicros);
    if (keys.length === 0) return [];
    const reply = await this.#scripts.settleBudget(
      keys.flatMap((key, index) => budgetKeys(periodKeys[index] ?? '', key)),
      [reservationId, actualMicros],
    );
    return integers(reply, keys.length);
  }

  async readBudget(key: string, periodKey: string): Promise<{ spentMicros: number; reservedMicros: number }> {
    assertPeriodKeys([periodKey]);
    const [spent, reserved] = await this.#redis.hmget(budgetKey(periodKey, key), 'spent', 'reserved');
    return { spentMicros: Number(spent ?? 0), reservedMicros: Number(reserved ?? 0) };
  }

  async claimOnce(key: string, expiresAt: number): Promise<boolean> {
    const ttlMs = Number.isFinite(expiresAt) ? Math.max(1, Math.ceil(expiresAt - Date.now())) : undefined;
    const reply = ttlMs === undefined ? await this.#redis.set(`claim:${key}`, '1', 'NX') : await this.#redis.set(`claim:${key}`, '1', 'PX', ttlMs, 'NX');
    return reply === 'OK';
  }

  async close(): Promise<void> {
    await closeRedis(this.#redis);
  }
}
