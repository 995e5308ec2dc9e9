import { describe, expect, it } from 'vitest';
import { budgetThresholdAlert } from './budget-threshold-alert.js';

describe('budgetThresholdAlert', () => {
  it('names scope, id, period and threshold in the subject, so each is its own alert', () => {
    const base = { scope: 'team', id: 'research', period: 'm2026-11', spentMicros: 80_500_000, limitMicros: 100_000_000, at: 5 } as const;
    const alert = budgetThresholdAlert({ ...base, thresholdPercent: 80 });
    expect(alert).toEqual({
      kind: 'budget_threshold',
      severity: 'warning',
      subject: 'team research m2026-11 80%',
      message: 'team research reached 80% of its budget ($80.50 of $100.00, period m2026-11).',
      details: { scope: 'team', id: 'research', period: 'm2026-11', threshold_percent: 80, spent_usd: 80.5, limit_usd: 100 },
      at: 5,
    });
    const full = budgetThresholdAlert({ ...base, thresholdPercent: 100 });
    expect(full.severity).toBe('critical');
    expect(full.subject).not.toBe(alert.subject);
    expect(budgetThresholdAlert({ ...base, period: 'm2026-12', thresholdPercent: 80 }).subject).not.toBe(alert.subject);
  });
});
