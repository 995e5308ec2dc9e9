import type { BudgetPeriod } from '../core/access-policy.js';

/** The budget period containing a moment: its counter's name and when it ends (epoch ms). */
export interface PeriodWindow {
  /** Part of the counter's identity, so a new period starts from zero: `d2026-11-22`, `w2026-11-16`, `m2026-11`, `total`. */
  key: string;
  /** Infinity for `total`. */
  endsAt: number;
}

const DAY_MS = 86_400_000;
const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** Budget periods are calendar periods in UTC; weeks start on Monday (ISO 8601). */
export function budgetPeriodWindow(period: BudgetPeriod, now: number): PeriodWindow {
  const day = Math.floor(now / DAY_MS) * DAY_MS;
  switch (period) {
    case 'daily':
      return { key: `d${isoDate(day)}`, endsAt: day + DAY_MS };
    case 'weekly': {
      // getUTCDay: 0 = Sunday; Monday starts the week.
      const sinceMonday = (new Date(day).getUTCDay() + 6) % 7;
      const monday = day - sinceMonday * DAY_MS;
      return { key: `w${isoDate(monday)}`, endsAt: monday + 7 * DAY_MS };
    }
    case 'monthly': {
      const date = new Date(now);
      const start = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1);
      return { key: `m${isoDate(start).slice(0, 7)}`, endsAt: Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1) };
    }
    case 'total':
      return { key: 'total', endsAt: Number.POSITIVE_INFINITY };
  }
}
