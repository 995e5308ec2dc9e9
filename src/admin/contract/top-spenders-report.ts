/** One spender of `GET /admin/analytics/top-spenders`, its id under the `by` name (`key: "key_1"`). */
export type TopSpenderEntry = { key?: string; team?: string; user?: string } & {
  requests: number;
  input_tokens: number;
  output_tokens: number;
  /** USD over the requests whose cost is known. */
  cost_usd: number;
  /** Requests whose cost is unknown, not in `cost_usd`. */
  cost_unknown_requests: number;
};

/** The body of `GET /admin/analytics/top-spenders?by=key|team|user&limit=&from=&to=`. */
export interface TopSpendersReport {
  object: 'list';
  by: 'key' | 'team' | 'user';
  limit: number;
  /** The time range, ISO 8601, inclusive; null when open. */
  from: string | null;
  to: string | null;
  /** Highest cost first, at most `limit`; requests without a key, team or user are left out. */
  data: TopSpenderEntry[];
}
