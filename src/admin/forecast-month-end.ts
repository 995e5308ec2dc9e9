/** One group's spend in a UTC month so far. */
export interface MonthSpendHistory {
  /** Micro-dollars per UTC day, day 1 first, through the current day (which may be partial). */
  dailySpendMicros: readonly number[];
  daysInMonth: number;
  /** Days since the month began, fractional (10.25 is a quarter into day 11), at most `daysInMonth`. */
  elapsedDays: number;
}

/** How the month-end figure was reached. */
export type ForecastMethod = 'actual' | 'linear-trend' | 'daily-average' | 'no-spend';

/** A month-end projection in integer micro-dollars. */
export interface MonthEndForecast {
  /** Spent from the month's start until now. */
  spentMicros: number;
  /** Spent plus the projection of the rest of the month; the spend itself once the month is over. */
  projectedMicros: number;
  /** The fitted line's slope: how much daily spend grows (or shrinks) per day; 0 without a line. */
  dailyTrendMicros: number;
  method: ForecastMethod;
}

/** Least-squares line through (x, values[x - offset]). */
function fitLine(values: readonly number[], offset: number): { intercept: number; slope: number } {
  const count = values.length;
  const meanX = offset + (count - 1) / 2;
  const meanY = values.reduce((total, value) => total + value, 0) / count;
  let covariance = 0;
  let variance = 0;
  values.forEach((value, index) => {
    const dx = offset + index - meanX;
    covariance += dx * (value - meanY);
    variance += dx * dx;
  });
  const slope = covariance / variance;
  return { intercept: meanY - slope * meanX, slope };
}

/**
 * Projects a month's total spend from its spend so far.
 *
 * Method: a least-squares line is fitted to the daily spend of the complete days since the
 * group first spent this month (days before that are left out, so a team that started
 * mid-month is projected at its own pace, not dragged up a slope from zero). Each
 * remaining day, and the rest of the current day pro rata, is projected from the line,
 * never below zero; the projection is added to the spend so far. With fewer than two
 * complete days since the first spend there is no line: the average daily spend since
 * that first day (at least one day) is carried forward instead. Once the
 * month is over the projection is the actual spend.
 */
export function forecastMonthEnd(history: MonthSpendHistory): MonthEndForecast {
  const { dailySpendMicros: daily, daysInMonth } = history;
  const elapsed = Math.min(history.elapsedDays, daysInMonth);
  const spentMicros = daily.reduce((total, value) => total + value, 0);
  const firstDay = daily.findIndex((value) => value > 0);
  if (firstDay === -1) return { spentMicros, projectedMicros: spentMicros, dailyTrendMicros: 0, method: elapsed >= daysInMonth ? 'actual' : 'no-spend' };
  const completeDays = Math.floor(elapsed);
  const complete = daily.slice(firstDay, completeDays);
  const line = complete.length >= 2 ? fitLine(complete, firstDay) : undefined;
  const dailyTrendMicros = line === undefined ? 0 : Math.round(line.slope);
  if (elapsed >= daysInMonth) return { spentMicros, projectedMicros: spentMicros, dailyTrendMicros, method: 'actual' };
  // A span under a day counts as a whole day: a first hour of spend is not multiplied up
  // into a full day's rate.
  const average = spentMicros / Math.max(1, elapsed - firstDay);
  let remaining = 0;
  for (let day = completeDays; day < daysInMonth; day += 1) {
    const share = day === completeDays ? 1 - (elapsed - completeDays) : 1;
    const expected = line === undefined ? average : line.intercept + line.slope * day;
    remaining += share * Math.max(0, expected);
  }
  return { spentMicros, projectedMicros: Math.round(spentMicros + remaining), dailyTrendMicros, method: line === undefined ? 'daily-average' : 'linear-trend' };
}
