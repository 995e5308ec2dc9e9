import type { BodyFlag } from './parse-cli-flags.js';

const flag = (name: string, field: string, kind: BodyFlag['kind'], placeholder: string | undefined, help: string, extra: Partial<BodyFlag> = {}): BodyFlag => ({
  name,
  field,
  kind,
  ...(placeholder === undefined ? {} : { placeholder }),
  help,
  ...extra,
});

/** Every flag the admin commands take, by name; each command picks its own. */
export const ADMIN_FLAGS = {
  id: flag('id', 'id', 'text', 'ID', 'choose the id (default: generated)'),
  name: flag('name', 'name', 'text', 'NAME', 'display name', { clearable: false }),
  email: flag('email', 'email', 'text', 'EMAIL', 'e-mail address'),
  team: flag('team', 'team_id', 'text', 'TEAM_ID', 'team it belongs to'),
  user: flag('user', 'user_id', 'text', 'USER_ID', 'user who owns it'),
  models: flag('models', 'models', 'list', 'a,b', 'models it may use (names, prefix/* or model groups)'),
  rpm: flag('rpm', 'rpm_limit', 'count', 'N', 'requests per minute'),
  tpm: flag('tpm', 'tpm_limit', 'count', 'N', 'tokens (input + output) per minute'),
  parallel: flag('parallel', 'max_parallel', 'count', 'N', 'requests in flight at once'),
  budget: flag('budget', 'budget_usd', 'usd', 'USD', 'spend cap in dollars per --period'),
  period: flag('period', 'budget_period', 'period', 'P', 'budget period: daily, weekly, monthly or total'),
  regions: flag('regions', 'allowed_regions', 'list', 'a,b', 'regions requests may be served from'),
  ipAllow: flag('ip-allow', 'ip_allow', 'list', 'CIDRS', 'caller addresses allowed'),
  ipDeny: flag('ip-deny', 'ip_deny', 'list', 'CIDRS', 'caller addresses refused'),
  metadata: flag('metadata', 'metadata', 'object', 'JSON', 'a JSON object for your own bookkeeping'),
  logPayloads: flag('log-payloads', 'log_payloads', 'boolean', 'BOOL', 'true: keep prompts and answers (redacted) in the request log'),
  expires: flag('expires', 'expires_at', 'time', 'ISO', 'when it stops working, e.g. 2026-12-31 or 2026-12-31T18:00:00Z'),
  admin: flag('admin', 'role', 'switch', undefined, 'may call the admin API (role admin)', { value: 'admin' }),
  role: flag('role', 'role', 'role', 'admin|user', 'what the key may do', { clearable: false }),
  priority: flag('priority', 'priority', 'integer', 'N', 'higher is served first when requests queue (-1000 to 1000)'),
  queueTimeout: flag('queue-timeout-ms', 'queue_timeout_ms', 'integer', 'MS', 'how long a request may wait for capacity before a 429'),
  limit: flag('limit', 'limit', 'integer', 'N', 'at most N rows (default 100)'),
  offset: flag('offset', 'offset', 'integer', 'N', 'skip the first N rows'),
} satisfies Record<string, BodyFlag>;

/** The limits keys, users and teams share (CONTRACT.md section 4). */
export const POLICY_FLAGS: readonly BodyFlag[] = [
  ADMIN_FLAGS.models,
  ADMIN_FLAGS.rpm,
  ADMIN_FLAGS.tpm,
  ADMIN_FLAGS.parallel,
  ADMIN_FLAGS.budget,
  ADMIN_FLAGS.period,
  ADMIN_FLAGS.regions,
  ADMIN_FLAGS.ipAllow,
  ADMIN_FLAGS.ipDeny,
  ADMIN_FLAGS.metadata,
  ADMIN_FLAGS.logPayloads,
];
