import { describe, expect, it } from 'vitest';
import { MemoryLimitStore } from '../storage/memory/memory-limit-store.js';
import { AdmissionQueue } from './admission-queue.js';
import type { LimitLevel } from './limit-level.js';
import { Limiter } from './limiter.js';
import type { AdmissionRequest } from './limiter.js';

let now = Date.parse('2026-11-22T10:00:30Z');
const clock = () => now;

function request(levels: LimitLevel[], overrides: Partial<AdmissionRequest> = {}): AdmissionRequest {
  return { requestId: `req_${Math.random()}`, levels, promptTokens: () => 100, worstCaseCostMicros: () => 1000, ...overrides };
}

describe('Limiter', () => {
  it('admits exactly rpm requests per minute at every level, and resets with the window', async () => {
    const limiter = new Limiter(new MemoryLimitStore({ clock: { now: clock } }), clock);
    const levels: LimitLevel[] = [{ scope: 'key', id: 'k1', rpm: 3 }, { scope: 'team', id: 't1', rpm: 10 }];
    for (let index = 0; index < 3; index += 1) await limiter.admit(request(levels));
    const refusal = await limiter.admit(request(levels)).catch((error: unknown) => error);
    expect(refusal).toMatchObject({ status: 429, wireCode: 'rate_limit_exceeded', retryAfterMs: 30_000 });
    expect(String((refusal as Error).message)).toContain('key k1');
    now += 30_000;
    await expect(limiter.admit(request(levels))).resolves.toMatchObject({ status: { requests: { limit: 3, remaining: 2 } } });
  });

  it('gives back the request it counted when a later limit refuses', async () => {
    const limiter = new Limiter(new MemoryLimitStore({ clock: { now: clock } }), clock);
    const levels: LimitLevel[] = [{ scope: 'key', id: 'k2', rpm: 5, tpm: 150 }];
    await limiter.admit(request(levels));
    await expect(limiter.admit(request(levels))).rejects.toMatchObject({ wireCode: 'rate_limit_exceeded' });
    const admitted = await limiter.admit(request(levels, { promptTokens: () => 50 }));
    // Two admitted of three tried: the refused one's request count was returned.
    expect(admitted.status.requests).toMatchObject({ remaining: 3 });
  });

  it('replaces the token estimate with the reported usage when settling', async () => {
    const limiter = new Limiter(new MemoryLimitStore({ clock: { now: clock } }), clock);
    const levels: LimitLevel[] = [{ scope: 'key', id: 'k3', tpm: 1000 }];
    const first = await limiter.admit(request(levels, { promptTokens: () => 900 }));
    await first.settle({ tokens: 200, costMicros: 0 });
    await expect(limiter.admit(request(levels, { promptTokens: () => 700 }))).resolves.toMatchObject({ status: { tokens: { remaining: 100 } } });
  });

  it('limits requests in parallel and frees the slot on settle', async () => {
    const limiter = new Limiter(new MemoryLimitStore({ clock: { now: clock } }), clock);
    const levels: LimitLevel[] = [{ scope: 'model', id: 'm', maxParallel: 1 }];
    const first = await limiter.admit(request(levels));
    await expect(limiter.admit(request(levels))).rejects.toMatchObject({ wireCode: 'rate_limit_exceeded' });
    await first.settle({ tokens: undefined, costMicros: 0 });
    await expect(limiter.admit(request(levels))).resolves.toBeDefined();
  });

  it('reserves the worst case, settles to the actual cost, and refuses past the budget', async () => {
    const store = new MemoryLimitStore({ clock: { now: clock } });
    const limiter = new Limiter(store, clock);
    const levels: LimitLevel[] = [{ scope: 'user', id: 'u1', budgetMicros: 2500, budgetPeriod: 'daily' }];
    const admissions = await Promise.all([limiter.admit(request(levels)), limiter.admit(request(levels))]);
    await expect(limiter.admit(request(levels))).rejects.toMatchObject({ status: 429, wireCode: 'budget_exceeded' });
    for (const admission of admissions) await admission.settle({ tokens: 10, costMicros: 400 });
    expect(await store.readBudget('budget:user:u1', 'd2026-11-22')).toEqual({ spentMicros: 800, reservedMicros: 0 });
    // Settling twice charges once.
    await admissions[0]!.settle({ tokens: 10, costMicros: 400 });
    expect((await store.readBudget('budget:user:u1', 'd2026-11-22')).spentMicros).toBe(800);
  });

  it('admits a concurrent burst against a budget up to exactly what fits', async () => {
    const limiter = new Limiter(new MemoryLimitStore({ clock: { now: clock } }), clock);
    const levels: LimitLevel[] = [{ scope: 'key', id: 'burst', budgetMicros: 100_000, budgetPeriod: 'total' }];
    const outcomes = await Promise.allSettled(Array.from({ length: 200 }, () => limiter.admit(request(levels, { worstCaseCostMicros: () => 1700 }))));
    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(58);
  });

  it('asks for no token count and touches no counter without limits', async () => {
    let counted = false;
    const admission = await new Limiter(new MemoryLimitStore({ clock: { now: clock } }), clock).admit(request([{ scope: 'key', id: 'free' }], { promptTokens: () => ((counted = true), 1) }));
    expect(counted).toBe(false);
    expect(admission.status).toEqual({});
  });
});

describe('Limiter budget alerts', () => {
  it('publishes each threshold once per period as settled spend crosses it, and 100% when a budget refuses', async () => {
    const { onBudgetAlert } = await import('../core/events.js');
    const alerts: string[] = [];
    const stop = onBudgetAlert((alert) => alerts.push(`${alert.id}:${alert.thresholdPercent}:${alert.spentMicros}`));
    const limiter = new Limiter(new MemoryLimitStore({ clock: { now: clock } }), clock, () => [50, 80, 100]);
    const levels: LimitLevel[] = [{ scope: 'team', id: 'alerting', budgetMicros: 1000, budgetPeriod: 'monthly' }];
    const spend = async (micros: number) => (await limiter.admit(request(levels, { worstCaseCostMicros: () => micros }))).settle({ tokens: 1, costMicros: micros });
    await spend(400);
    await spend(450); // 850: crosses 50 and 80 at once
    await spend(100); // 950: nothing new
    await expect(spend(100)).rejects.toMatchObject({ wireCode: 'budget_exceeded' });
    await expect(spend(100)).rejects.toMatchObject({ wireCode: 'budget_exceeded' });
    await new Promise((resolve) => setTimeout(resolve, 10));
    stop();
    expect(alerts).toEqual(['alerting:50:850', 'alerting:80:850', 'alerting:100:950']);
  });
});

describe('AdmissionQueue', () => {
  it('serves waiting requests by priority, then in arrival order', async () => {
    const realClock = () => Date.now();
    const limiter = new Limiter(new MemoryLimitStore({ clock: { now: realClock } }), realClock);
    const queue = new AdmissionQueue(limiter, realClock);
    const levels: LimitLevel[] = [{ scope: 'key', id: 'q', maxParallel: 1 }];
    const holder = await queue.admit(request(levels), { priority: 0, timeoutMs: 0 });
    const order: string[] = [];
    const enqueue = (name: string, priority: number) =>
      queue.admit(request(levels), { priority, timeoutMs: 5000 }).then(async (admission) => {
        order.push(name);
        await new Promise((resolve) => setTimeout(resolve, 5));
        await admission.settle({ tokens: undefined, costMicros: 0 });
        queue.notify();
      });
    const waiting = [enqueue('low', 0), enqueue('high', 10), enqueue('low-2', 0), enqueue('mid', 5)];
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(queue.length).toBe(4);
    await holder.settle({ tokens: undefined, costMicros: 0 });
    queue.notify();
    await Promise.all(waiting);
    expect(order).toEqual(['high', 'mid', 'low', 'low-2']);
  });

  it('gives up with the 429 after queue_timeout_ms', async () => {
    const realClock = () => Date.now();
    const limiter = new Limiter(new MemoryLimitStore({ clock: { now: realClock } }), realClock);
    const queue = new AdmissionQueue(limiter, realClock);
    const levels: LimitLevel[] = [{ scope: 'key', id: 'slow', maxParallel: 1 }];
    await queue.admit(request(levels), { priority: 0, timeoutMs: 0 });
    const started = Date.now();
    await expect(queue.admit(request(levels), { priority: 0, timeoutMs: 120 })).rejects.toMatchObject({ wireCode: 'rate_limit_exceeded' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(110);
    expect(queue.length).toBe(0);
  });
});
