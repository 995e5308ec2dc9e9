import type { AuditEntry, AuditEntryInput } from '../../core/audit-entry.js';
import { GENESIS_HASH, hashAuditEntry } from '../../core/hash-audit-entry.js';
import type { AuditLogStore, AuditQuery } from '../ports.js';

// Kept as the SQLite store keeps it (JSON text), so both backends return and hash the same
// values, and a caller mutating its object afterwards cannot change the logged entry.
const asStored = (value: unknown): unknown => {
  const text = JSON.stringify(value);
  return text === undefined ? undefined : JSON.parse(text);
};

function matches(entry: AuditEntry, query: AuditQuery): boolean {
  if (query.beforeSeq !== undefined && entry.seq >= query.beforeSeq) return false;
  if (query.actor !== undefined && entry.actor !== query.actor) return false;
  if (query.action !== undefined && entry.action !== query.action) return false;
  if (query.targetId !== undefined && entry.targetId !== query.targetId) return false;
  if (query.from !== undefined && entry.at < query.from) return false;
  if (query.to !== undefined && entry.at > query.to) return false;
  return true;
}

/** The audit chain in memory: tests and ephemeral runs. One process, so appends need no lock. */
export class MemoryAuditLogStore implements AuditLogStore {
  readonly #entries: AuditEntry[] = [];

  async append(input: AuditEntryInput): Promise<AuditEntry> {
    const previous = this.#entries.at(-1);
    const fields = {
      seq: (previous?.seq ?? 0) + 1,
      at: input.at,
      actor: input.actor,
      action: input.action,
      targetType: input.targetType,
      targetId: input.targetId,
      before: asStored(input.before),
      after: asStored(input.after),
      sourceIp: input.sourceIp,
    };
    const prevHash = previous?.hash ?? GENESIS_HASH;
    const entry: AuditEntry = { ...fields, prevHash, hash: hashAuditEntry(prevHash, fields) };
    this.#entries.push(entry);
    return structuredClone(entry);
  }

  async list(query: AuditQuery): Promise<AuditEntry[]> {
    const found: AuditEntry[] = [];
    for (let index = this.#entries.length - 1; index >= 0 && found.length < query.limit; index -= 1) {
      const entry = this.#entries[index]!;
      if (matches(entry, query)) found.push(structuredClone(entry));
    }
    return found;
  }

  async scan(afterSeq: number, limit: number): Promise<AuditEntry[]> {
    return this.#entries.filter((entry) => entry.seq > afterSeq).slice(0, limit).map((entry) => structuredClone(entry));
  }
}
