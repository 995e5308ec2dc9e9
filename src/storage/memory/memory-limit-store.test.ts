import { describe, expect, it } from 'vitest';
import { limitStoreContract } from '../contract/limit-store.contract.js';
import { MemoryLimitStore } from './memory-limit-store.js';

limitStoreContract('memory', async () => {
  const store = new MemoryLimitStore();
  return { store, peer: store, close: () => store.close() };
});

describe('MemoryLimitStore memory', () => {
  it('forgets finished windows and lapsed leases instead of growing with time', async () => {
    const store = new MemoryLimitStore();
    for (let minute = 0; minute < 20_000; minute += 1) {
      const now = minute * 60_000;
      await store.admitWindow([{ key: `rpm:key:${minute % 50}`, limit: 10 }], 1, 60_000, now);
      await store.acquireSlots([{ key: `parallel:key:${minute}`, limit: 1 }], `lease-${minute}`, now + 1_000, now);
    }
    expect(store.size).toBeLessThan(3_000);
  });

  it('forgets budget periods a day after they end, by its clock', async () => {
    let now = Date.UTC(2026, 10, 1);
    const store = new MemoryLimitStore({ clock: { now: () => now } });
    for (let day = 0; day < 5_000; day += 1) {
      now += 86_400_000;
      await store.reserveBudget([{ key: 'budget:key:a', limit: 100 }], [`day-${day}`], 1, [now + 86_400_000], { id: `r${day}`, leaseUntil: now + 60_000, now });
    }
    expect(store.size).toBeLessThan(2_100);
    expect(await store.readBudget('budget:key:a', 'day-4999')).toEqual({ spentMicros: 0, reservedMicros: 1 });
  });
});
