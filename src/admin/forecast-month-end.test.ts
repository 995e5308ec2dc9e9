import { describe, expect, it } from 'vitest';
import { forecastMonthEnd } from './forecast-month-end.js';

const USD = 1_000_000;
const days = (count: number, spend: (day: number) => number) => Array.from({ length: count }, (_, day) => spend(day));

describe('forecastMonthEnd', () => {
  it('projects flat spend at the same daily rate', () => {
    expect(forecastMonthEnd({ dailySpendMicros: days(10, () => USD), daysInMonth: 30, elapsedDays: 10 })).toEqual({
      spentMicros: 10 * USD,
      projectedMicros: 30 * USD,
      dailyTrendMicros: 0,
      method: 'linear-trend',
    });
  });

  it('counts the current day pro rata: its actual spend so far plus the line for the rest of it', () => {
    const history = [...days(10, () => USD), USD / 4];
    expect(forecastMonthEnd({ dailySpendMicros: history, daysInMonth: 30, elapsedDays: 10.25 })).toEqual({
      spentMicros: 10.25 * USD,
      projectedMicros: 10.25 * USD + 0.75 * USD + 19 * USD,
      dailyTrendMicros: 0,
      method: 'linear-trend',
    });
  });

  it('follows growing spend along its line', () => {
    // Day d (from 0) costs d + 1 dollars: the month ends at 1 + 2 + ... + 30 = 465.
    const forecast = forecastMonthEnd({ dailySpendMicros: days(10, (day) => (day + 1) * USD), daysInMonth: 30, elapsedDays: 10 });
    expect(forecast).toEqual({ spentMicros: 55 * USD, projectedMicros: 465 * USD, dailyTrendMicros: USD, method: 'linear-trend' });
  });

  it('fits the least-squares line through noisy days', () => {
    // Points (0, 1), (1, 3), (2, 2): slope 0.5, intercept 1.5; days 3 and 4 project 3 and 3.5.
    const forecast = forecastMonthEnd({ dailySpendMicros: [USD, 3 * USD, 2 * USD], daysInMonth: 5, elapsedDays: 3 });
    expect(forecast).toEqual({ spentMicros: 6 * USD, projectedMicros: 12.5 * USD, dailyTrendMicros: USD / 2, method: 'linear-trend' });
  });

  it('never projects a falling trend below zero', () => {
    // 10, 8, 6, 4, 2 dollars: the line reaches 0 on day 5 and stays at 0 after.
    const forecast = forecastMonthEnd({ dailySpendMicros: [10, 8, 6, 4, 2].map((usd) => usd * USD), daysInMonth: 30, elapsedDays: 5 });
    expect(forecast).toEqual({ spentMicros: 30 * USD, projectedMicros: 30 * USD, dailyTrendMicros: -2 * USD, method: 'linear-trend' });
  });

  it('fits a group that started mid-month from its first day of spend', () => {
    const history = days(20, (day) => (day < 15 ? 0 : 2 * USD));
    expect(forecastMonthEnd({ dailySpendMicros: history, daysInMonth: 30, elapsedDays: 20 })).toEqual({
      spentMicros: 10 * USD,
      projectedMicros: 30 * USD,
      dailyTrendMicros: 0,
      method: 'linear-trend',
    });
  });

  it('carries the daily average forward when fewer than two complete days have spend', () => {
    // Started on day 19 (index 18): one complete day of 3 dollars, then 1 dollar so far today.
    const history = [...days(18, () => 0), 3 * USD, USD];
    expect(forecastMonthEnd({ dailySpendMicros: history, daysInMonth: 30, elapsedDays: 19.5 })).toEqual({
      spentMicros: 4 * USD,
      // 4 dollars over 1.5 days: the rest of today (0.5) and 10 days more at 8/3 a day.
      projectedMicros: 32 * USD,
      dailyTrendMicros: 0,
      method: 'daily-average',
    });
  });

  it('does not multiply the first hour of spend up to a full day', () => {
    const forecast = forecastMonthEnd({ dailySpendMicros: [USD], daysInMonth: 31, elapsedDays: 1 / 24 });
    expect(forecast).toMatchObject({ spentMicros: USD, method: 'daily-average' });
    expect(forecast.projectedMicros).toBe(Math.round(USD + (1 - 1 / 24) * USD + 30 * USD));
  });

  it('projects nothing for a group with no spend', () => {
    expect(forecastMonthEnd({ dailySpendMicros: [], daysInMonth: 28, elapsedDays: 5.5 })).toEqual({ spentMicros: 0, projectedMicros: 0, dailyTrendMicros: 0, method: 'no-spend' });
    expect(forecastMonthEnd({ dailySpendMicros: [0, 0, 0], daysInMonth: 28, elapsedDays: 3 })).toEqual({ spentMicros: 0, projectedMicros: 0, dailyTrendMicros: 0, method: 'no-spend' });
  });

  it('gives a finished month its actual spend, with the month\'s trend', () => {
    const history = days(31, (day) => (day + 1) * USD);
    expect(forecastMonthEnd({ dailySpendMicros: history, daysInMonth: 31, elapsedDays: 31 })).toEqual({
      spentMicros: 496 * USD,
      projectedMicros: 496 * USD,
      dailyTrendMicros: USD,
      method: 'actual',
    });
    expect(forecastMonthEnd({ dailySpendMicros: [], daysInMonth: 30, elapsedDays: 30 })).toMatchObject({ projectedMicros: 0, method: 'actual' });
  });
});
