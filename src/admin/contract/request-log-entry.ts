/** One row of `GET /admin/logs` (snake_case JSON, CONTRACT.md section 4). */
export interface RequestLogEntry {
  request_id: string;
  /** ISO 8601 time the request arrived. */
  created_at: string;
  endpoint: string;
  key_id: string | null;
  /** The caller's team and user (null: the master key, no auth, or none set). */
  team_id: string | null;
  user_id: string | null;
  /** The model name the caller sent. */
  model: string | null;
  /** The model a `routes:` rule or a `split:` sent it to (null: the requested one). */
  routed_model: string | null;
  /** The `routes:` rule that matched, and the `split:` side taken. */
  route_rule: string | null;
  split_arm: string | null;
  provider: string | null;
  /** The deployment model that answered or was last tried. */
  deployment_model: string | null;
  status: number;
  error_kind: string | null;
  error_message: string | null;
  latency_ms: number;
  ttfb_ms: number | null;
  input_tokens: number | null;
  output_tokens: number | null;
  cached_tokens: number | null;
  reasoning_tokens: number | null;
  /** USD; null when unknown (see cost_flags). */
  cost_usd: number | null;
  cost_flags: string[];
  attempts: number;
  attempts_detail: { provider: string; model: string; status: number | null; error_kind: string | null; latency_ms: number }[];
  cache: 'hit' | 'miss' | 'off';
  stream: boolean;
  client_ip: string | null;
  tags: string[];
  trace_id: string | null;
  warnings: string[];
  /** Prompt and answer (redacted, capped), present on `GET /admin/logs/{id}` when payload logging was on. */
  payload?: { request: string | null; response: string | null; truncated: boolean };
}
