/** What `GET /admin/usage` groups by. */
export type UsageReportGroupBy = 'key' | 'team' | 'user' | 'model' | 'provider' | 'day';

/**
 * One group of `GET /admin/usage`. The group's value is under the `group_by` name
 * (`key`, `team`, `user`, `model`, `provider` or `day`): an id or name, a UTC date
 * `YYYY-MM-DD` for `day`, or null for requests without one (no team, no provider reached).
 */
export type UsageReportEntry = { [name in UsageReportGroupBy]?: string | null } & {
  requests: number;
  /** Tokens the providers reported; requests with unknown counts add nothing. */
  input_tokens: number;
  output_tokens: number;
  /** USD over the requests whose cost is known. */
  cost_usd: number;
  /** Requests whose cost is unknown (usage or price unknown), not in `cost_usd`. */
  cost_unknown_requests: number;
};

/** The body of `GET /admin/usage` (snake_case JSON, CONTRACT.md section 4). */
export interface UsageReport {
  object: 'list';
  group_by: UsageReportGroupBy;
  /** The time range asked for, ISO 8601, inclusive; null when open. */
  from: string | null;
  to: string | null;
  /** Highest cost first; by day, oldest first. */
  data: UsageReportEntry[];
}
