import { createHash } from 'node:crypto';
import type { AuditEntryInput } from './audit-entry.js';

/** The `prevHash` of the first entry in a chain: 64 zeros. */
export const GENESIS_HASH = '0'.repeat(64);

// Bumped if the serialization below ever changes, so old and new hashes cannot collide.
const FORMAT = 'switchyard-audit-v1';

/**
 * JSON with object keys sorted, following JSON.stringify otherwise (toJSON, undefined
 * members dropped, undefined in arrays and non-finite numbers as null), so a value hashes
 * the same before and after a round trip through stored JSON text, whatever its key order.
 * Undefined when JSON.stringify would write nothing (undefined, a function, a symbol).
 */
function canonicalJson(value: unknown): string | undefined {
  const json = value !== null && typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON === 'function' ? (value as { toJSON(): unknown }).toJSON() : value;
  if (json === null) return 'null';
  switch (typeof json) {
    case 'string':
    case 'boolean':
      return JSON.stringify(json);
    case 'number':
      return Number.isFinite(json) ? JSON.stringify(json) : 'null';
    case 'bigint':
      throw new TypeError('an audit entry cannot hold a BigInt');
    case 'object': {
      if (Array.isArray(json)) return `[${json.map((item) => canonicalJson(item) ?? 'null').join(',')}]`;
      const members: string[] = [];
      for (const key of Object.keys(json).sort()) {
        const member = canonicalJson((json as Record<string, unknown>)[key]);
        if (member !== undefined) members.push(`${JSON.stringify(key)}:${member}`);
      }
      return `{${members.join(',')}}`;
    }
    default:
      return undefined;
  }
}

// A field that may be absent is `[]` when undefined and `[value]` otherwise, so an absent
// `before` and a `before` of JSON null hash differently, as they are stored differently.
const optional = (value: unknown): string => {
  const json = canonicalJson(value);
  return json === undefined ? '[]' : `[${json}]`;
};

/**
 * The entry's hash: hex SHA-256 over `prevHash` and every field in a fixed order. The
 * caller (a store) puts the result in `hash` and the previous entry's hash in `prevHash`.
 */
export function hashAuditEntry(prevHash: string, entry: AuditEntryInput & { seq: number }): string {
  const fields = [
    JSON.stringify(FORMAT),
    JSON.stringify(prevHash),
    canonicalJson(entry.seq),
    canonicalJson(entry.at),
    JSON.stringify(entry.actor),
    JSON.stringify(entry.action),
    JSON.stringify(entry.targetType),
    optional(entry.targetId),
    optional(entry.before),
    optional(entry.after),
    optional(entry.sourceIp),
  ];
  return createHash('sha256').update(`[${fields.join(',')}]`, 'utf8').digest('hex');
}
