/** One model or provider of `GET /admin/analytics/latency`, its name under the `group_by` name. */
export type LatencyReportEntry = { model?: string | null; provider?: string | null } & {
  requests: number;
  /** Requests answered with HTTP status 400 or above. */
  errors: number;
  /** `errors / requests`, 0 to 1. */
  error_rate: number;
  /** Nearest-rank percentiles of the whole request's duration, ms. */
  latency_ms: { p50: number; p90: number; p95: number; p99: number };
  /** Time to first byte over the requests where it is known; null when it is known for none. */
  ttfb_ms: { p50: number; p95: number } | null;
};

/** The body of `GET /admin/analytics/latency?group_by=model|provider&from=&to=`. */
export interface LatencyReport {
  object: 'list';
  group_by: 'model' | 'provider';
  /** The time range, ISO 8601, inclusive (default: the last 24 hours). */
  from: string;
  to: string;
  /** By name, requests without one (null) first. */
  data: LatencyReportEntry[];
}
