import { describe, expect, it } from 'vitest';
import type { Target } from '../../config/index.js';
import type { DeploymentStatsView } from '../deployment-stats.js';
import { estimateRequestTokens } from '../estimate-request-tokens.js';
import { orderLeastBusy } from './least-busy.js';
import { orderLeastLatency } from './least-latency.js';
import { orderLowestCost } from './lowest-cost.js';
import { orderPriority } from './priority.js';
import { orderRoundRobin } from './round-robin.js';
import { orderUsageBased, quotaHeadroom } from './usage-based.js';
import { orderWeighted } from './weighted.js';

const target = (provider: string, extra: Partial<Target> = {}): Target => ({ provider, model: 'm', weight: 1, price: undefined, ...extra });
const names = (targets: Target[]) => targets.map((item) => item.provider);

function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

function view(values: { ttfb?: Record<string, number>; busy?: Record<string, number>; requests?: Record<string, number>; tokens?: Record<string, number> }): DeploymentStatsView {
  const provider = (key: string) => key.slice(0, key.indexOf('/'));
  return {
    ttfbMs: (key) => values.ttfb?.[provider(key)],
    ttfbP95Ms: () => undefined,
    inFlight: (key) => values.busy?.[provider(key)] ?? 0,
    requestsInWindow: (key) => values.requests?.[provider(key)] ?? 0,
    tokensInWindow: (key) => values.tokens?.[provider(key)] ?? 0,
  };
}

/** A random source whose first draw (least-latency's explore check) never explores. */
function noExplore(random: () => number): () => number {
  let first = true;
  return () => {
    if (!first) return random();
    first = false;
    return 0;
  };
}

describe('weighted', () => {
  it('gives each target its configured share of first picks within 2 points over 10,000 draws', () => {
    const targets = [target('a', { weight: 5 }), target('b', { weight: 3 }), target('c', { weight: 2 })];
    const random = seeded(7);
    const firsts: Record<string, number> = { a: 0, b: 0, c: 0 };
    for (let draw = 0; draw < 10_000; draw += 1) {
      const order = orderWeighted(targets, random);
      firsts[order[0]!.provider]! += 1;
    }
    expect(Math.abs(firsts.a! / 10_000 - 0.5)).toBeLessThan(0.02);
    expect(Math.abs(firsts.b! / 10_000 - 0.3)).toBeLessThan(0.02);
    expect(Math.abs(firsts.c! / 10_000 - 0.2)).toBeLessThan(0.02);
  });
});

describe('round-robin', () => {
  it('starts each turn at the next target and fails over in cyclic order', () => {
    const targets = [target('a'), target('b'), target('c')];
    expect([0, 1, 2, 3].map((turn) => names(orderRoundRobin(targets, turn)))).toEqual([
      ['a', 'b', 'c'],
      ['b', 'c', 'a'],
      ['c', 'a', 'b'],
      ['a', 'b', 'c'],
    ]);
  });
});

describe('priority', () => {
  it('keeps the configured order', () => {
    expect(names(orderPriority([target('b'), target('a', { weight: 0 })]))).toEqual(['b', 'a']);
  });
});

describe('least-latency', () => {
  it('orders measured deployments by average time to first byte', () => {
    const stats = view({ ttfb: { a: 90, b: 20, c: 45 } });
    expect(names(orderLeastLatency([target('a'), target('b'), target('c')], stats, seeded(1)))).toEqual(['b', 'c', 'a']);
  });

  it('tries unmeasured deployments first so every one gets measured', () => {
    const stats = view({ ttfb: { a: 5 } });
    for (let seed = 1; seed < 20; seed += 1) {
      const order = names(orderLeastLatency([target('a'), target('b'), target('c')], stats, noExplore(seeded(seed))));
      expect(order.at(-1)).toBe('a');
      expect(order.slice(0, 2).sort()).toEqual(['b', 'c']);
    }
  });

  it('explores one request in twenty by weight alone, so a slow sample can be re-measured', () => {
    const stats = view({ ttfb: { a: 5, b: 50 } });
    let toB = 0;
    const random = seeded(7);
    for (let request = 0; request < 10_000; request += 1) {
      if (orderLeastLatency([target('a'), target('b')], stats, random)[0]!.provider === 'b') toB += 1;
    }
    // Explorations follow the (equal) weights: half of 5% goes to b.
    expect(toB / 10_000).toBeGreaterThan(0.015);
    expect(toB / 10_000).toBeLessThan(0.035);
  });
});

describe('least-busy', () => {
  it('puts the deployment with the fewest attempts in flight first', () => {
    const stats = view({ busy: { a: 3, b: 0, c: 1 } });
    expect(names(orderLeastBusy([target('a'), target('b'), target('c')], stats, seeded(3)))).toEqual(['b', 'c', 'a']);
  });

  it('spreads ties by weight', () => {
    const random = seeded(11);
    let aFirst = 0;
    for (let draw = 0; draw < 2000; draw += 1) {
      if (orderLeastBusy([target('a', { weight: 3 }), target('b')], view({}), random)[0]!.provider === 'a') aFirst += 1;
    }
    expect(aFirst / 2000).toBeGreaterThan(0.7);
    expect(aFirst / 2000).toBeLessThan(0.8);
  });
});

describe('lowest-cost', () => {
  const catalog: Record<string, { inputPerMtok: number; outputPerMtok: number }> = {
    big: { inputPerMtok: 2.5, outputPerMtok: 10 },
    small: { inputPerMtok: 0.15, outputPerMtok: 0.6 },
    // Cheap to read, dear to write: wins only when little output is expected.
    reader: { inputPerMtok: 0.05, outputPerMtok: 20 },
  };
  const priceOf = (item: Target) => (item.price ? { inputPerMtok: item.price.inputPerMtok!, outputPerMtok: item.price.outputPerMtok! } : catalog[item.provider]);

  it('ranks by catalog price times the estimated tokens', () => {
    const targets = [target('big'), target('reader'), target('small')];
    expect(names(orderLowestCost(targets, { inputTokens: 100_000, outputTokens: 10 }, priceOf))).toEqual(['reader', 'small', 'big']);
    expect(names(orderLowestCost(targets, { inputTokens: 1000, outputTokens: 1000 }, priceOf))).toEqual(['small', 'big', 'reader']);
  });

  it('lets a target price override the catalog, puts unknown prices last and breaks ties by weight', () => {
    const discounted = target('big', { price: { inputPerMtok: 0.01, outputPerMtok: 0.01 } });
    const unknown = target('mystery');
    const twin = target('small', { model: 'twin', weight: 4 });
    const estimate = { inputTokens: 500, outputTokens: 500 };
    expect(names(orderLowestCost([unknown, target('small'), twin, discounted], estimate, priceOf))).toEqual(['big', 'small', 'small', 'mystery']);
    expect(orderLowestCost([target('small'), twin], estimate, priceOf)[0]!.model).toBe('twin');
  });

  it('estimates input from the body size and output from the caller maximum', () => {
    const body = { model: 'x', messages: [{ role: 'user', content: 'a'.repeat(400) }] };
    const estimate = estimateRequestTokens(body);
    expect(estimate.inputTokens).toBe(Math.ceil(JSON.stringify(body).length / 4));
    expect(estimate.outputTokens).toBe(256);
    expect(estimateRequestTokens({ ...body, max_tokens: 50 }).outputTokens).toBe(50);
    expect(estimateRequestTokens({ ...body, max_completion_tokens: 70 }).outputTokens).toBe(70);
  });
});

describe('usage-based', () => {
  it('measures headroom as the tighter of the rpm and tpm shares left', () => {
    const stats = view({ requests: { a: 30 }, tokens: { a: 9000 } });
    expect(quotaHeadroom(target('a', { rpm: 100, tpm: 10_000 }), stats)).toBeCloseTo(0.1, 10);
    expect(quotaHeadroom(target('a', { rpm: 100 }), stats)).toBeCloseTo(0.7, 10);
    expect(quotaHeadroom(target('a'), stats)).toBe(1);
  });

  it('sends traffic where the most quota is left', () => {
    const stats = view({ requests: { a: 50, b: 10, c: 20 } });
    const targets = [target('a', { rpm: 100 }), target('b', { rpm: 100 }), target('c', { rpm: 400 })];
    expect(names(orderUsageBased(targets, stats, seeded(5)))).toEqual(['c', 'b', 'a']);
  });

  it('puts a target that has used up its quota last', () => {
    const stats = view({ requests: { a: 60 }, tokens: { b: 2_000_000 } });
    const targets = [target('a', { rpm: 60 }), target('b', { tpm: 1_000_000 }), target('c', { rpm: 60 })];
    const order = names(orderUsageBased(targets, stats, seeded(9)));
    expect(order[0]).toBe('c');
    expect(order.slice(1).sort()).toEqual(['a', 'b']);
  });
});
