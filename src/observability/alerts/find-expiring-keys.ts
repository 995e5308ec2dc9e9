import type { Alert } from './alert.js';

const DAY_MS = 86_400_000;

/** What the key-expiry check needs of a virtual key. */
export interface KeyExpiry {
  id: string;
  name: string;
  /** Epoch ms; undefined: never expires. */
  expiresAt?: number | undefined;
  /** Epoch ms; a revoked key cannot expire any more. */
  revokedAt?: number | undefined;
}

/** Keys that are live now and expire within `days` days of `now`, soonest first. */
export function findExpiringKeys<T extends KeyExpiry>(keys: readonly T[], now: number, days: number): (T & { expiresAt: number })[] {
  const horizon = now + days * DAY_MS;
  return keys
    .filter((key): key is T & { expiresAt: number } => key.revokedAt === undefined && key.expiresAt !== undefined && key.expiresAt > now && key.expiresAt <= horizon)
    .sort((left, right) => left.expiresAt - right.expiresAt);
}

/** The `key_expiring` alert for one key; critical in its last day. */
export function keyExpiringAlert(key: KeyExpiry & { expiresAt: number }, now: number): Alert {
  const left = key.expiresAt - now;
  const when = left < DAY_MS ? `${Math.max(1, Math.round(left / 3_600_000))} h` : `${Math.round(left / DAY_MS)} d`;
  const expiresAt = new Date(key.expiresAt).toISOString();
  return {
    kind: 'key_expiring',
    severity: left < DAY_MS ? 'critical' : 'warning',
    subject: key.id,
    message: `Key "${key.name}" (${key.id}) expires in ${when}, at ${expiresAt}.`,
    details: { key_id: key.id, name: key.name, expires_at: expiresAt, expires_in_hours: Math.floor(left / 3_600_000) },
    at: now,
  };
}
