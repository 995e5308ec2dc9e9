/** One admin action in the audit chain, as `GET /admin/audit` shows it (snake_case JSON). */
export interface AuditEntry {
  /** 1, 2, 3...: position in the chain. */
  seq: number;
  /** ISO 8601 time of the action. */
  at: string;
  /** `master`, `key:<id>` (an admin key), `user:<id>` (an admin JWT), or `anonymous` (auth off). */
  actor: string;
  /** `<target_type>.<verb>`: `key.create`, `key.rotate`, `key.revoke`, `team.update`, `config.reload`... */
  action: string;
  /** `key`, `team`, `user`, `config`. */
  target_type: string;
  /** Null when the action has no single target (a config reload). */
  target_id: string | null;
  /** The target as the admin API showed it before and after, secrets `[redacted]`; null when absent (created, deleted). */
  before: unknown;
  after: unknown;
  /** The admin caller's address. */
  source_ip: string | null;
  /** The previous entry's hash (64 zeros for the first); hex SHA-256. */
  prev_hash: string;
  hash: string;
}

/** The body of `GET /admin/audit`: newest first. */
export interface AuditList {
  object: 'list';
  data: AuditEntry[];
  /** Pass as `before_seq` for the next (older) page; null when this page is the last. */
  next_before_seq: number | null;
}
