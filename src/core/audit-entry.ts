/** One admin action as the caller asked for it, before it is chained. Secrets are already redacted. */
export interface AuditEntryInput {
  /** Epoch ms. */
  at: number;
  /** Who acted: `master` (the master key), `key:<id>` (a key with the admin role), `user:<id>` (an admin JWT), `anonymous` (auth off), or `signal:SIGHUP` (a reload by signal). */
  actor: string;
  /** What was done, `<area>.<verb>`: `key.create`, `key.rotate`, `team.update`, `config.reload`. */
  action: string;
  /** The kind of thing acted on: `key`, `team`, `user`, `config`. */
  targetType: string;
  targetId: string | undefined;
  /** The target before and after (JSON values; undefined when it did not exist or was not changed). */
  before: unknown;
  after: unknown;
  sourceIp: string | undefined;
}

/**
 * An entry in the audit chain. `hash` covers `prevHash` and every field above, so editing
 * any entry, or removing one from the middle, breaks the chain from that entry on.
 */
export interface AuditEntry extends AuditEntryInput {
  /** 1, 2, 3...: position in the chain. */
  seq: number;
  /** The previous entry's hash; 64 zeros for the first. */
  prevHash: string;
  /** Hex SHA-256. */
  hash: string;
}
