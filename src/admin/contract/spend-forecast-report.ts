/**
 * One team or key of `GET /admin/analytics/forecast`, its id under the `by` name (null
 * for requests without one).
 */
export type SpendForecastEntry = { team?: string | null; key?: string | null } & {
  /** USD spent from the month's start until `as_of`, over requests whose cost is known. */
  spent_usd: number;
  /** Requests this month whose cost is unknown, not in `spent_usd`. */
  cost_unknown_requests: number;
  /** The projected total for the whole month; the actual spend once the month is over. */
  projected_month_end_usd: number;
  /** How much the daily spend grows (negative: shrinks) per day, from the fitted line. */
  daily_trend_usd: number;
  /** Days of the month gone by at `as_of`, fractional. */
  days_elapsed: number;
  days_in_month: number;
  /**
   * `linear-trend`: a least-squares line over the complete days since the first spend;
   * `daily-average`: fewer than two such days, their average carried forward;
   * `actual`: the month is over; `no-spend`: nothing spent yet.
   */
  method: 'linear-trend' | 'daily-average' | 'actual' | 'no-spend';
};

/** The body of `GET /admin/analytics/forecast?by=team|key&month=YYYY-MM`. */
export interface SpendForecastReport {
  object: 'list';
  by: 'team' | 'key';
  /** The UTC month, `YYYY-MM`. */
  month: string;
  /** The time the spend was counted up to, ISO 8601 (the month's last millisecond once it is over). */
  as_of: string;
  /** Highest projection first, then by id (null first). */
  data: SpendForecastEntry[];
}
