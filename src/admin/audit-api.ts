import type { AuditEntry } from '../core/audit-entry.js';
import { GatewayError } from '../core/errors.js';
import type { AuditLogStore } from '../storage/ports.js';
import type { AuditEntry as AuditEntryWire, AuditList } from './contract/audit-entry.js';
import { parseAdminTime } from './parse-admin-time.js';

const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 1000;

function parsePositiveInteger(name: string, raw: string | null, max: number): number | undefined {
  if (raw === null || raw === '') return undefined;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(value) || value < 1 || value > max) {
    throw new GatewayError('GW_INVALID_REQUEST', `${name}: expected an integer from 1 to ${max}`, { param: name });
  }
  return value;
}

const text = (query: URLSearchParams, name: string): string | undefined => {
  const value = query.get(name);
  return value === null || value === '' ? undefined : value;
};

/** One chain entry on the wire; an absent target, before, after or address is null. */
export function encodeAuditEntry(entry: AuditEntry): AuditEntryWire {
  return {
    seq: entry.seq,
    at: new Date(entry.at).toISOString(),
    actor: entry.actor,
    action: entry.action,
    target_type: entry.targetType,
    target_id: entry.targetId ?? null,
    before: entry.before ?? null,
    after: entry.after ?? null,
    source_ip: entry.sourceIp ?? null,
    prev_hash: entry.prevHash,
    hash: entry.hash,
  };
}

/**
 * `GET /admin/audit?limit=&before_seq=&actor=&action=&target_id=&from=&to=`: the audit
 * chain newest first, filtered; page backwards by passing `next_before_seq` as `before_seq`.
 */
export async function handleAudit(query: URLSearchParams, audit: AuditLogStore): Promise<{ status: number; body: AuditList }> {
  const limit = parsePositiveInteger('limit', query.get('limit'), MAX_LIMIT) ?? DEFAULT_LIMIT;
  const beforeSeq = parsePositiveInteger('before_seq', query.get('before_seq'), Number.MAX_SAFE_INTEGER);
  const from = parseAdminTime('from', query.get('from'));
  const to = parseAdminTime('to', query.get('to'));
  if (from !== undefined && to !== undefined && from > to) throw new GatewayError('GW_INVALID_REQUEST', 'from: must not be after to', { param: 'from' });
  // One more than asked tells whether an older page exists without a second query.
  const entries = await audit.list({ limit: limit + 1, beforeSeq, actor: text(query, 'actor'), action: text(query, 'action'), targetId: text(query, 'target_id'), from, to });
  const page = entries.slice(0, limit);
  const next = entries.length > limit ? page.at(-1)!.seq : null;
  return { status: 200, body: { object: 'list', data: page.map(encodeAuditEntry), next_before_seq: next } };
}
