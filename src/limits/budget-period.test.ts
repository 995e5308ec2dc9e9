import { describe, expect, it } from 'vitest';
import { budgetPeriodWindow } from './budget-period.js';

const at = (iso: string) => Date.parse(iso);

describe('budgetPeriodWindow (UTC calendar periods)', () => {
  it('names the day and ends at the next UTC midnight', () => {
    expect(budgetPeriodWindow('daily', at('2026-11-22T23:59:59.999Z'))).toEqual({ key: 'd2026-11-22', endsAt: at('2026-11-23T00:00:00Z') });
  });

  it('starts weeks on Monday, Sundays included in the week before', () => {
    expect(budgetPeriodWindow('weekly', at('2026-11-22T12:00:00Z'))).toEqual({ key: 'w2026-11-16', endsAt: at('2026-11-23T00:00:00Z') });
    expect(budgetPeriodWindow('weekly', at('2026-11-23T00:00:00Z'))).toEqual({ key: 'w2026-11-23', endsAt: at('2026-11-30T00:00:00Z') });
  });

  it('names the month and ends on the first of the next, across a year end', () => {
    expect(budgetPeriodWindow('monthly', at('2026-12-31T23:00:00Z'))).toEqual({ key: 'm2026-12', endsAt: at('2027-01-01T00:00:00Z') });
    expect(budgetPeriodWindow('monthly', at('2028-02-29T10:00:00Z'))).toEqual({ key: 'm2028-02', endsAt: at('2028-03-01T00:00:00Z') });
  });

  it('never resets a total budget', () => {
    expect(budgetPeriodWindow('total', 0)).toEqual({ key: 'total', endsAt: Number.POSITIVE_INFINITY });
  });
});
