import { afterEach, describe, expect, it, vi } from 'vitest';
import type { EventBus, LimitStore } from '../ports.js';

/**
 * A fresh, empty store. `peer` is a second handle on the same counters, as another
 * gateway instance would hold (the store itself for a backend that lives in one process).
 */
export interface LimitStoreFixture {
  store: LimitStore;
  peer: LimitStore;
  close(): Promise<void>;
}

const MINUTE = 60_000;
/** The start of a minute window (epoch ms), so tests can step across its edges by hand. */
const WINDOW_START = 28_333_334 * MINUTE;
const NOVEMBER = '2026-11';
const NOVEMBER_ENDS = Date.UTC(2026, 11, 1);
const DECEMBER = '2026-12';
const DECEMBER_ENDS = Date.UTC(2027, 0, 1);
/** When the budget calls happen, unless a case steps the clock itself. */
const NOW = Date.UTC(2026, 10, 15);

/** A reservation under `id` made at `now`, leased for a minute. */
function hold(id: string, now = NOW): { id: string; leaseUntil: number; now: number } {
  return { id, leaseUntil: now + MINUTE, now };
}

/** The behaviour every LimitStore backend must show (issue #5: exact on one instance and on many). */
export function limitStoreContract(name: string, open: () => Promise<LimitStoreFixture>): void {
  describe(`${name} limit store`, () => {
    let fixture: LimitStoreFixture | undefined;
    const start = async (): Promise<LimitStoreFixture> => {
      fixture = await open();
      return fixture;
    };
    afterEach(async () => {
      await fixture?.close();
      fixture = undefined;
    });

    describe('fixed windows', () => {
      it('counts per scope up to each limit and refuses the call that would pass one, changing nothing', async () => {
        const { store } = await start();
        const scopes = [{ key: 'rpm:key:a', limit: 2 }, { key: 'rpm:team:t', limit: 5 }];
        expect(await store.admitWindow(scopes, 1, MINUTE, WINDOW_START + 5_000)).toEqual({ admitted: true, counts: [1, 1], windowEndsAt: WINDOW_START + MINUTE });
        expect(await store.admitWindow(scopes, 1, MINUTE, WINDOW_START + 6_000)).toEqual({ admitted: true, counts: [2, 2], windowEndsAt: WINDOW_START + MINUTE });
        expect(await store.admitWindow(scopes, 1, MINUTE, WINDOW_START + 7_000)).toEqual({ admitted: false, counts: [2, 2], blockedScope: 0, windowEndsAt: WINDOW_START + MINUTE });
        expect((await store.admitWindow([scopes[1]!], 3, MINUTE, WINDOW_START + 8_000)).counts).toEqual([5]);
      });

      it('is all-or-nothing: a later scope that refuses leaves the earlier ones uncharged', async () => {
        const { store } = await start();
        const wide = { key: 'tpm:key:a', limit: 1_000 };
        const narrow = { key: 'tpm:team:t', limit: 300 };
        expect((await store.admitWindow([wide, narrow], 200, MINUTE, WINDOW_START)).admitted).toBe(true);
        const refused = await store.admitWindow([wide, narrow], 200, MINUTE, WINDOW_START + 1);
        expect(refused).toMatchObject({ admitted: false, counts: [200, 200], blockedScope: 1 });
        expect((await store.admitWindow([wide], 800, MINUTE, WINDOW_START + 2)).counts).toEqual([1_000]);
      });

      it('starts each window at zero, the edge belonging to the next window', async () => {
        const { store } = await start();
        const scope = [{ key: 'rpm:key:a', limit: 1 }];
        expect((await store.admitWindow(scope, 1, MINUTE, WINDOW_START)).admitted).toBe(true);
        expect(await store.admitWindow(scope, 1, MINUTE, WINDOW_START + MINUTE - 1)).toMatchObject({ admitted: false, windowEndsAt: WINDOW_START + MINUTE });
        expect(await store.admitWindow(scope, 1, MINUTE, WINDOW_START + MINUTE)).toEqual({ admitted: true, counts: [1], windowEndsAt: WINDOW_START + 2 * MINUTE });
      });

      it('keeps windows of different lengths apart, and a refused amount larger than the limit', async () => {
        const { store } = await start();
        expect((await store.admitWindow([{ key: 'k', limit: 1 }], 1, 1_000, WINDOW_START)).admitted).toBe(true);
        expect((await store.admitWindow([{ key: 'k', limit: 1 }], 1, MINUTE, WINDOW_START)).admitted).toBe(true);
        expect(await store.admitWindow([{ key: 'other', limit: 5 }], 6, MINUTE, WINDOW_START)).toMatchObject({ admitted: false, counts: [0], blockedScope: 0 });
      });

      it('reports the counts without charging for an amount of 0', async () => {
        const { store } = await start();
        const scope = [{ key: 'rpm:key:a', limit: 3 }];
        await store.admitWindow(scope, 3, MINUTE, WINDOW_START);
        expect(await store.admitWindow(scope, 0, MINUTE, WINDOW_START + 1)).toMatchObject({ admitted: true, counts: [3] });
      });

      it('adjusts the window containing `at` by a delta of either sign, below zero too', async () => {
        const { store } = await start();
        const scope = { key: 'tpm:key:a', limit: 1_000 };
        await store.admitWindow([scope], 600, MINUTE, WINDOW_START + 10);
        await store.adjustWindow([scope.key], -450, MINUTE, WINDOW_START + 10);
        expect((await store.admitWindow([scope], 0, MINUTE, WINDOW_START + 20)).counts).toEqual([150]);
        await store.adjustWindow([scope.key], 100, MINUTE, WINDOW_START + 59_999);
        expect((await store.admitWindow([scope], 0, MINUTE, WINDOW_START + 30)).counts).toEqual([250]);
        // No floor: only the caller knows what it added, and additions commute across instances.
        await store.adjustWindow([scope.key], -300, MINUTE, WINDOW_START);
        expect((await store.admitWindow([scope], 0, MINUTE, WINDOW_START + 40)).counts).toEqual([-50]);
      });

      it('leaves other windows alone when adjusting, and creates no counter for a window never admitted', async () => {
        const { store } = await start();
        const scope = { key: 'tpm:key:a', limit: 100 };
        await store.admitWindow([scope], 10, MINUTE, WINDOW_START + MINUTE);
        await store.adjustWindow([scope.key], 50, MINUTE, WINDOW_START);
        await store.adjustWindow(['tpm:key:never'], 50, MINUTE, WINDOW_START + MINUTE);
        expect((await store.admitWindow([scope, { key: 'tpm:key:never', limit: 100 }], 0, MINUTE, WINDOW_START + MINUTE)).counts).toEqual([10, 0]);
      });
    });

    describe('concurrency slots', () => {
      it('leases up to the limit; a release frees one', async () => {
        const { store } = await start();
        const scope = [{ key: 'parallel:key:a', limit: 2 }];
        expect(await store.acquireSlots(scope, 'lease-1', WINDOW_START + MINUTE, WINDOW_START)).toBe(true);
        expect(await store.acquireSlots(scope, 'lease-2', WINDOW_START + MINUTE, WINDOW_START)).toBe(true);
        expect(await store.acquireSlots(scope, 'lease-3', WINDOW_START + MINUTE, WINDOW_START)).toBe(false);
        await store.releaseSlots([scope[0]!.key], 'lease-1');
        expect(await store.acquireSlots(scope, 'lease-3', WINDOW_START + MINUTE, WINDOW_START)).toBe(true);
      });

      it('is all-or-nothing across scopes', async () => {
        const { store } = await start();
        const team = { key: 'parallel:team:t', limit: 2 };
        const key = { key: 'parallel:key:a', limit: 1 };
        expect(await store.acquireSlots([team, key], 'lease-1', WINDOW_START + MINUTE, WINDOW_START)).toBe(true);
        expect(await store.acquireSlots([team, key], 'lease-2', WINDOW_START + MINUTE, WINDOW_START)).toBe(false);
        expect(await store.acquireSlots([team], 'lease-3', WINDOW_START + MINUTE, WINDOW_START)).toBe(true);
        expect(await store.acquireSlots([team], 'lease-4', WINDOW_START + MINUTE, WINDOW_START)).toBe(false);
      });

      it('reclaims a lease once its leaseUntil is before now', async () => {
        const { store } = await start();
        const scope = [{ key: 'parallel:key:a', limit: 1 }];
        expect(await store.acquireSlots(scope, 'crashed', WINDOW_START + 1_000, WINDOW_START)).toBe(true);
        expect(await store.acquireSlots(scope, 'next', WINDOW_START + 5_000, WINDOW_START + 1_000)).toBe(false);
        expect(await store.acquireSlots(scope, 'next', WINDOW_START + 5_000, WINDOW_START + 1_001)).toBe(true);
      });

      it('renews a lease acquired again under the same id instead of taking a second slot', async () => {
        const { store } = await start();
        const scope = [{ key: 'parallel:key:a', limit: 1 }];
        expect(await store.acquireSlots(scope, 'lease-1', WINDOW_START + 1_000, WINDOW_START)).toBe(true);
        expect(await store.acquireSlots(scope, 'lease-1', WINDOW_START + 9_000, WINDOW_START + 500)).toBe(true);
        expect(await store.acquireSlots(scope, 'lease-2', WINDOW_START + 9_000, WINDOW_START + 2_000)).toBe(false);
        await store.releaseSlots(['parallel:key:a', 'parallel:key:unknown'], 'lease-unknown');
        expect(await store.acquireSlots(scope, 'lease-2', WINDOW_START + 9_000, WINDOW_START + 2_000)).toBe(false);
      });

      it('admits exactly the limit among 200 concurrent acquisitions from two instances', async () => {
        const { store, peer } = await start();
        const scope = [{ key: 'parallel:key:a', limit: 7 }];
        const results = await Promise.all(
          Array.from({ length: 200 }, (_, index) => (index % 2 === 0 ? store : peer).acquireSlots(scope, `lease-${index}`, WINDOW_START + MINUTE, WINDOW_START)),
        );
        expect(results.filter(Boolean)).toHaveLength(7);
      });
    });

    describe('budgets', () => {
      it('reserves while spent + reserved + amount stays within the limit, to the micro-dollar', async () => {
        const { store } = await start();
        const scope = [{ key: 'budget:key:a', limit: 1_000 }];
        expect(await store.reserveBudget(scope, [NOVEMBER], 600, [NOVEMBER_ENDS], hold('r1'))).toEqual({ reserved: true, spentMicros: [0] });
        expect(await store.reserveBudget(scope, [NOVEMBER], 401, [NOVEMBER_ENDS], hold('r2'))).toEqual({ reserved: false, blockedScope: 0, spentMicros: [0] });
        expect(await store.reserveBudget(scope, [NOVEMBER], 400, [NOVEMBER_ENDS], hold('r3'))).toEqual({ reserved: true, spentMicros: [0] });
        expect(await store.readBudget('budget:key:a', NOVEMBER)).toEqual({ spentMicros: 0, reservedMicros: 1_000 });
      });

      it('is all-or-nothing across scopes and reports each scope’s spend', async () => {
        const { store } = await start();
        const key = { key: 'budget:key:a', limit: 10_000 };
        const team = { key: 'budget:team:t', limit: 500 };
        expect((await store.reserveBudget([team], [NOVEMBER], 300, [NOVEMBER_ENDS], hold('r1'))).reserved).toBe(true);
        expect(await store.settleBudget([team.key], [NOVEMBER], 'r1', 300)).toEqual([300]);
        expect(await store.reserveBudget([key, team], [NOVEMBER, NOVEMBER], 250, [NOVEMBER_ENDS, NOVEMBER_ENDS], hold('r2'))).toEqual({ reserved: false, blockedScope: 1, spentMicros: [0, 300] });
        expect(await store.readBudget(key.key, NOVEMBER)).toEqual({ spentMicros: 0, reservedMicros: 0 });
      });

      it('settles a reservation to the actual cost, freeing the difference', async () => {
        const { store } = await start();
        const scopes = [{ key: 'budget:key:a', limit: 1_000 }, { key: 'budget:user:u', limit: 5_000 }];
        const periods = [NOVEMBER, NOVEMBER];
        const ends = [NOVEMBER_ENDS, NOVEMBER_ENDS];
        expect((await store.reserveBudget(scopes, periods, 900, ends, hold('r1'))).reserved).toBe(true);
        expect(await store.settleBudget(['budget:key:a', 'budget:user:u'], periods, 'r1', 120)).toEqual([120, 120]);
        expect(await store.readBudget('budget:key:a', NOVEMBER)).toEqual({ spentMicros: 120, reservedMicros: 0 });
        expect(await store.reserveBudget(scopes, periods, 880, ends, hold('r2'))).toEqual({ reserved: true, spentMicros: [120, 120] });
        expect((await store.reserveBudget(scopes, periods, 1, ends, hold('r3'))).reserved).toBe(false);
      });

      it('releases what the id reserved, adding under an id reserved twice, and records a spend with nothing reserved', async () => {
        const { store } = await start();
        const scope = [{ key: 'budget:key:a', limit: 1_000 }];
        await store.reserveBudget(scope, [NOVEMBER], 100, [NOVEMBER_ENDS], hold('r1'));
        await store.reserveBudget(scope, [NOVEMBER], 50, [NOVEMBER_ENDS], hold('r1'));
        await store.reserveBudget(scope, [NOVEMBER], 30, [NOVEMBER_ENDS], hold('r2'));
        expect(await store.settleBudget(['budget:key:a'], [NOVEMBER], 'r1', 40)).toEqual([40]);
        expect(await store.readBudget('budget:key:a', NOVEMBER)).toEqual({ spentMicros: 40, reservedMicros: 30 });
        expect(await store.settleBudget(['budget:key:b'], [NOVEMBER], 'never-reserved', 70)).toEqual([70]);
        expect(await store.readBudget('budget:key:b', NOVEMBER)).toEqual({ spentMicros: 70, reservedMicros: 0 });
      });

      it('releases a reservation settled twice only once, adding each spend', async () => {
        const { store } = await start();
        const scope = [{ key: 'budget:key:a', limit: 1_000 }];
        await store.reserveBudget(scope, [NOVEMBER], 400, [NOVEMBER_ENDS], hold('r1'));
        await store.reserveBudget(scope, [NOVEMBER], 300, [NOVEMBER_ENDS], hold('r2'));
        expect(await store.settleBudget(['budget:key:a'], [NOVEMBER], 'r1', 10)).toEqual([10]);
        expect(await store.settleBudget(['budget:key:a'], [NOVEMBER], 'r1', 10)).toEqual([20]);
        expect(await store.readBudget('budget:key:a', NOVEMBER)).toEqual({ spentMicros: 20, reservedMicros: 300 });
      });

      it('stops counting a reservation once its lease ends before now, and settling it then adds spend only', async () => {
        const { store, peer } = await start();
        const scope = [{ key: 'budget:key:a', limit: 1_000 }];
        // An instance that crashed before settling: its lease ends at NOW + 10.
        expect((await store.reserveBudget(scope, [NOVEMBER], 800, [NOVEMBER_ENDS], { id: 'crashed', leaseUntil: NOW + 10, now: NOW })).reserved).toBe(true);
        expect((await peer.reserveBudget(scope, [NOVEMBER], 300, [NOVEMBER_ENDS], hold('early', NOW + 10))).reserved).toBe(false);
        expect(await peer.reserveBudget(scope, [NOVEMBER], 300, [NOVEMBER_ENDS], hold('late', NOW + 11))).toEqual({ reserved: true, spentMicros: [0] });
        expect(await store.readBudget('budget:key:a', NOVEMBER)).toEqual({ spentMicros: 0, reservedMicros: 300 });
        expect(await store.settleBudget(['budget:key:a'], [NOVEMBER], 'crashed', 500)).toEqual([500]);
        expect(await store.readBudget('budget:key:a', NOVEMBER)).toEqual({ spentMicros: 500, reservedMicros: 300 });
      });

      it('keeps periods apart: a new period starts from zero; `total` never ends', async () => {
        const { store } = await start();
        const scope = [{ key: 'budget:key:a', limit: 1_000 }];
        await store.reserveBudget(scope, [NOVEMBER], 1_000, [NOVEMBER_ENDS], hold('r1'));
        await store.settleBudget(['budget:key:a'], [NOVEMBER], 'r1', 1_000);
        expect((await store.reserveBudget(scope, [NOVEMBER], 1, [NOVEMBER_ENDS], hold('r2'))).reserved).toBe(false);
        expect(await store.reserveBudget(scope, [DECEMBER], 1_000, [DECEMBER_ENDS], hold('r3'))).toEqual({ reserved: true, spentMicros: [0] });
        expect(await store.reserveBudget(scope, ['total'], 700, [Number.POSITIVE_INFINITY], hold('r4'))).toEqual({ reserved: true, spentMicros: [0] });
        expect(await store.readBudget('budget:key:a', 'total')).toEqual({ spentMicros: 0, reservedMicros: 700 });
        expect(await store.readBudget('budget:key:a', NOVEMBER)).toEqual({ spentMicros: 1_000, reservedMicros: 0 });
      });

      it('keeps amounts beyond 1e14 micro-dollars exact', async () => {
        const { store } = await start();
        const limit = 2 ** 53 - 1;
        const amount = 123_456_789_012_345;
        expect((await store.reserveBudget([{ key: 'budget:org', limit }], ['total'], amount, [Number.POSITIVE_INFINITY], hold('r1'))).reserved).toBe(true);
        expect(await store.settleBudget(['budget:org'], ['total'], 'r1', amount - 1)).toEqual([amount - 1]);
        expect(await store.readBudget('budget:org', 'total')).toEqual({ spentMicros: amount - 1, reservedMicros: 0 });
        await store.admitWindow([{ key: 'tpm:org', limit }], amount, MINUTE, WINDOW_START);
        await store.adjustWindow(['tpm:org'], -amount + 7, MINUTE, WINDOW_START);
        expect((await store.admitWindow([{ key: 'tpm:org', limit }], 0, MINUTE, WINDOW_START)).counts).toEqual([7]);
      });

      it('reserves for exactly floor(limit / amount) of 200 concurrent requests from two instances', async () => {
        const { store, peer } = await start();
        // The integration scenario of issue #5: a $0.10 budget shared by a key, its user and its team.
        const scopes = [{ key: 'budget:key:a', limit: 100_000 }, { key: 'budget:user:u', limit: 1_000_000 }, { key: 'budget:team:t', limit: 1_000_000 }];
        const periods = [NOVEMBER, NOVEMBER, 'total'];
        const ends = [NOVEMBER_ENDS, NOVEMBER_ENDS, Number.POSITIVE_INFINITY];
        const results = await Promise.all(
          Array.from({ length: 200 }, (_, index) => (index % 2 === 0 ? store : peer).reserveBudget(scopes, periods, 1_700, ends, hold(`r${index}`))),
        );
        expect(results.filter((result) => result.reserved)).toHaveLength(Math.floor(100_000 / 1_700));
        expect(results.filter((result) => !result.reserved).every((result) => result.blockedScope === 0)).toBe(true);
        expect(await store.readBudget('budget:team:t', 'total')).toEqual({ spentMicros: 0, reservedMicros: 58 * 1_700 });
      });

      it('never lets settled spend pass the limit when reservations and settlements interleave', async () => {
        const { store, peer } = await start();
        const scope = [{ key: 'budget:key:a', limit: 50_000 }];
        const request = async (index: number): Promise<number> => {
          const instance = index % 2 === 0 ? store : peer;
          const reservation = await instance.reserveBudget(scope, [NOVEMBER], 2_000, [NOVEMBER_ENDS], hold(`r${index}`));
          if (!reservation.reserved) return 0;
          const actual = 500 + (index % 7) * 100;
          await instance.settleBudget(['budget:key:a'], [NOVEMBER], `r${index}`, actual);
          return actual;
        };
        const charged = await Promise.all(Array.from({ length: 200 }, (_, index) => request(index)));
        const total = charged.reduce((sum, actual) => sum + actual, 0);
        expect(await store.readBudget('budget:key:a', NOVEMBER)).toEqual({ spentMicros: total, reservedMicros: 0 });
        expect(total).toBeGreaterThan(0);
        expect(total).toBeLessThanOrEqual(50_000);
      });
    });

    describe('exactness under concurrency', () => {
      it('admits exactly 60 of 200 concurrent requests against an rpm of 60, across two instances', async () => {
        const { store, peer } = await start();
        const scopes = [{ key: 'rpm:key:a', limit: 60 }, { key: 'rpm:model:smart', limit: 1_000 }];
        const results = await Promise.all(
          Array.from({ length: 200 }, (_, index) => (index % 2 === 0 ? store : peer).admitWindow(scopes, 1, MINUTE, WINDOW_START + index)),
        );
        expect(results.filter((result) => result.admitted)).toHaveLength(60);
        expect(Math.max(...results.map((result) => result.counts[0] ?? 0))).toBe(60);
        expect((await store.admitWindow(scopes, 0, MINUTE, WINDOW_START + 500)).counts).toEqual([60, 60]);
      });
    });

    describe('arguments', () => {
      it('refuses amounts and limits that are not safe integers, before touching a counter', async () => {
        const { store } = await start();
        const scope = [{ key: 'k', limit: 10 }];
        await expect(store.admitWindow(scope, 1.5, MINUTE, WINDOW_START)).rejects.toThrow(RangeError);
        await expect(store.admitWindow([{ key: 'k', limit: -1 }], 1, MINUTE, WINDOW_START)).rejects.toThrow(RangeError);
        await expect(store.reserveBudget(scope, [NOVEMBER], 2 ** 53, [NOVEMBER_ENDS], hold('r1'))).rejects.toThrow(RangeError);
        await expect(store.reserveBudget(scope, [NOVEMBER], 1, [NOVEMBER_ENDS], { id: 'r1', leaseUntil: NOW - 1, now: NOW })).rejects.toThrow(RangeError);
        await expect(store.settleBudget(['k'], [NOVEMBER], 'r1', -1)).rejects.toThrow(RangeError);
        expect(await store.readBudget('k', NOVEMBER)).toEqual({ spentMicros: 0, reservedMicros: 0 });
        await expect(store.acquireSlots(scope, 'lease', WINDOW_START - 1, WINDOW_START)).rejects.toThrow(RangeError);
        expect(await store.admitWindow(scope, 0, MINUTE, WINDOW_START)).toMatchObject({ counts: [0] });
      });

      it('refuses mismatched lists, repeated counters and period keys with a colon', async () => {
        const { store } = await start();
        const scope = { key: 'k', limit: 10 };
        await expect(store.reserveBudget([scope], [], 1, [NOVEMBER_ENDS], hold('r1'))).rejects.toThrow(RangeError);
        await expect(store.reserveBudget([scope, scope], [NOVEMBER, NOVEMBER], 1, [NOVEMBER_ENDS, NOVEMBER_ENDS], hold('r1'))).rejects.toThrow(RangeError);
        await expect(store.admitWindow([scope, scope], 1, MINUTE, WINDOW_START)).rejects.toThrow(RangeError);
        await expect(store.readBudget('k', '2026:11')).rejects.toThrow(RangeError);
        expect(await store.reserveBudget([scope, scope], [NOVEMBER, DECEMBER], 1, [NOVEMBER_ENDS, DECEMBER_ENDS], hold('r1'))).toEqual({ reserved: true, spentMicros: [0, 0] });
      });

      it('treats no scopes as nothing to refuse', async () => {
        const { store } = await start();
        expect(await store.admitWindow([], 1, MINUTE, WINDOW_START + 1)).toEqual({ admitted: true, counts: [], windowEndsAt: WINDOW_START + MINUTE });
        expect(await store.acquireSlots([], 'lease', WINDOW_START + 1, WINDOW_START)).toBe(true);
        expect(await store.reserveBudget([], [], 5, [], hold('r1'))).toEqual({ reserved: true, spentMicros: [] });
        expect(await store.settleBudget([], [], 'r1', 5)).toEqual([]);
      });
    });
  });
}

/** Two handles on one bus, as two gateway instances hold (the same object for an in-process bus). */
export interface EventBusFixture {
  first: EventBus;
  second: EventBus;
  close(): Promise<void>;
}

/** The behaviour every EventBus backend must show. */
export function eventBusContract(name: string, open: () => Promise<EventBusFixture>): void {
  describe(`${name} event bus`, () => {
    let fixture: EventBusFixture | undefined;
    afterEach(async () => {
      await fixture?.close();
      fixture = undefined;
    });

    it('delivers a message to every subscriber, the publishing instance’s own included, in order', async () => {
      fixture = await open();
      const seenByFirst: string[] = [];
      const seenBySecond: string[] = [];
      await fixture.first.subscribe('keys', (message) => seenByFirst.push(message));
      await fixture.second.subscribe('keys', (message) => seenBySecond.push(message));
      await fixture.first.publish('keys', 'revoked:key_1');
      await fixture.first.publish('keys', 'revoked:key_2');
      await vi.waitFor(() => expect(seenBySecond).toEqual(['revoked:key_1', 'revoked:key_2']), { timeout: 2_000 });
      await vi.waitFor(() => expect(seenByFirst).toEqual(['revoked:key_1', 'revoked:key_2']), { timeout: 2_000 });
    });

    it('keeps channels apart and calls each handler on a channel', async () => {
      fixture = await open();
      const seen: string[] = [];
      await fixture.second.subscribe('teams', (message) => seen.push(`a ${message}`));
      await fixture.second.subscribe('teams', (message) => seen.push(`b ${message}`));
      await fixture.second.subscribe('keys', (message) => seen.push(`keys ${message}`));
      await fixture.first.publish('other', 'ignored');
      await fixture.first.publish('teams', 'changed:team_1');
      await vi.waitFor(() => expect([...seen].sort()).toEqual(['a changed:team_1', 'b changed:team_1']), { timeout: 2_000 });
    });
  });
}
