import { describe, expect, it } from 'vitest';
import { RETRY_BUDGET_INITIAL_TOKENS, RETRY_BUDGET_MAX_TOKENS, RetryBudget } from './retry-budget.js';

function deposits(budget: RetryBudget, model: string, count: number): void {
  for (let request = 0; request < count; request += 1) budget.deposit(model);
}

describe('RetryBudget', () => {
  it('starts with a few retries, so a quiet model can still retry', () => {
    const budget = new RetryBudget();
    expect(budget.available('quiet')).toBe(RETRY_BUDGET_INITIAL_TOKENS);
    for (let retry = 0; retry < RETRY_BUDGET_INITIAL_TOKENS; retry += 1) expect(budget.tryWithdraw('quiet')).toBe(true);
    expect(budget.tryWithdraw('quiet')).toBe(false);
  });

  it('earns one retry per five requests', () => {
    const budget = new RetryBudget(0.2, 10, 0);
    deposits(budget, 'm', 4);
    expect(budget.tryWithdraw('m')).toBe(false);
    budget.deposit('m');
    expect(budget.tryWithdraw('m')).toBe(true);
    expect(budget.tryWithdraw('m')).toBe(false);
  });

  it('keeps retries to a fifth of the traffic (plus the starting few) while every request fails', () => {
    const budget = new RetryBudget();
    let retries = 0;
    for (let request = 0; request < 1000; request += 1) {
      budget.deposit('m');
      while (budget.tryWithdraw('m')) retries += 1;
    }
    expect(retries).toBe(200 + RETRY_BUDGET_INITIAL_TOKENS);
  });

  it('caps what a quiet spell saves up', () => {
    const budget = new RetryBudget();
    deposits(budget, 'm', 10_000);
    expect(budget.available('m')).toBe(RETRY_BUDGET_MAX_TOKENS);
    let burst = 0;
    while (budget.tryWithdraw('m')) burst += 1;
    expect(burst).toBe(RETRY_BUDGET_MAX_TOKENS);
  });

  it('keeps one bucket per model', () => {
    const budget = new RetryBudget(0.5, 5, 0);
    deposits(budget, 'a', 2);
    expect(budget.tryWithdraw('b')).toBe(false);
    expect(budget.tryWithdraw('a')).toBe(true);
  });
});
