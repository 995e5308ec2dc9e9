/** What analytics split by: key id, team, user, the model name the caller sent, or provider connection. */
export type AnalyticsReportGroupBy = 'key' | 'team' | 'user' | 'model' | 'provider';

/**
 * One time bucket (and group) of `GET /admin/analytics/usage`. When grouped, the group's
 * value is under the `group_by` name (`team: "t1"`), null for requests without one.
 */
export type UsageSeriesEntry = { [name in AnalyticsReportGroupBy]?: string | null } & {
  /** The bucket's start, ISO 8601 UTC (a whole hour or a midnight). */
  bucket_start: string;
  requests: number;
  /** Requests answered with HTTP status 400 or above. */
  errors: number;
  /** Tokens the providers reported; requests with unknown counts add nothing. */
  input_tokens: number;
  output_tokens: number;
  cached_tokens: number;
  /** USD over the requests whose cost is known. */
  cost_usd: number;
  /** Requests whose cost is unknown, not in `cost_usd`. */
  cost_unknown_requests: number;
};

/** The body of `GET /admin/analytics/usage?bucket=&group_by=&from=&to=`. */
export interface UsageSeriesReport {
  object: 'list';
  bucket: 'hour' | 'day';
  /** Null when not grouped: one entry per bucket. */
  group_by: AnalyticsReportGroupBy | null;
  /** The time range, ISO 8601, inclusive (defaults: the last 24 hours by hour, 30 days by day). */
  from: string;
  to: string;
  /** Oldest bucket first, then by group (null first); buckets without requests are absent. */
  data: UsageSeriesEntry[];
}
