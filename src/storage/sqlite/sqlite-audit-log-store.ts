import type { Statement, Transaction } from 'better-sqlite3';
import type { AuditEntry, AuditEntryInput } from '../../core/audit-entry.js';
import { GENESIS_HASH, hashAuditEntry } from '../../core/hash-audit-entry.js';
import type { AuditLogStore, AuditQuery } from '../ports.js';
import type { SqliteDatabase } from './open-sqlite-database.js';

interface Row {
  seq: number;
  at: number;
  actor: string;
  action: string;
  target_type: string;
  target_id: string | null;
  before: string | null;
  after: string | null;
  source_ip: string | null;
  prev_hash: string;
  hash: string;
}

type Value = string | number;

const COLUMNS = 'seq, at, actor, action, target_type, target_id, before, after, source_ip, prev_hash, hash';

// SQL NULL is "absent"; JSON null is the text `null`, so the two survive a round trip apart.
const toText = (value: unknown): string | null => JSON.stringify(value) ?? null;
const fromText = (text: string | null): unknown => {
  if (text === null) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    // Only a hand edit of the table writes text that is not JSON. The raw text does not
    // hash like the value it replaced, so verifying names the row instead of failing the scan.
    return text;
  }
};

function fromRow(row: Row): AuditEntry {
  return {
    seq: row.seq,
    at: row.at,
    actor: row.actor,
    action: row.action,
    targetType: row.target_type,
    targetId: row.target_id ?? undefined,
    before: fromText(row.before),
    after: fromText(row.after),
    sourceIp: row.source_ip ?? undefined,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

function whereClause(query: AuditQuery): { sql: string; values: Value[] } {
  const clauses: string[] = [];
  const values: Value[] = [];
  const add = (clause: string, value: Value | undefined) => {
    if (value === undefined) return;
    clauses.push(clause);
    values.push(value);
  };
  add('seq < ?', query.beforeSeq);
  add('actor = ?', query.actor);
  add('action = ?', query.action);
  add('target_id = ?', query.targetId);
  add('at >= ?', query.from);
  add('at <= ?', query.to);
  return { sql: clauses.length === 0 ? '' : `WHERE ${clauses.join(' AND ')}`, values };
}

/**
 * The audit chain in the `audit_log` table. Appends from every process sharing the file
 * form one chain: each reads the head and inserts under SQLite's write lock.
 */
export class SqliteAuditLogStore implements AuditLogStore {
  readonly #database: SqliteDatabase;
  readonly #head: Statement<[], Pick<Row, 'seq' | 'hash'>>;
  readonly #insert: Statement<(string | number | null)[]>;
  readonly #scan: Statement<[number, number], Row>;
  readonly #append: Transaction<(input: AuditEntryInput) => AuditEntry>;
  readonly #lists = new Map<string, Statement<Value[], Row>>();

  constructor(database: SqliteDatabase) {
    this.#database = database;
    this.#head = database.prepare('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1');
    this.#insert = database.prepare(`INSERT INTO audit_log (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    this.#scan = database.prepare(`SELECT ${COLUMNS} FROM audit_log WHERE seq > ? ORDER BY seq LIMIT ?`);
    this.#append = database.transaction((input: AuditEntryInput) => this.#appendInTransaction(input));
  }

  async append(input: AuditEntryInput): Promise<AuditEntry> {
    // IMMEDIATE takes the write lock before the head is read: with a deferred transaction
    // two processes could both read head N, and the second insert would fail (seq N+1 taken)
    // instead of waiting for the lock (busy_timeout) and chaining onto the first.
    return this.#append.immediate(input);
  }

  async list(query: AuditQuery): Promise<AuditEntry[]> {
    const { sql, values } = whereClause(query);
    let statement = this.#lists.get(sql);
    if (statement === undefined) {
      statement = this.#database.prepare(`SELECT ${COLUMNS} FROM audit_log ${sql} ORDER BY seq DESC LIMIT ?`);
      this.#lists.set(sql, statement);
    }
    return statement.all(...values, query.limit).map(fromRow);
  }

  async scan(afterSeq: number, limit: number): Promise<AuditEntry[]> {
    return this.#scan.all(afterSeq, limit).map(fromRow);
  }

  #appendInTransaction(input: AuditEntryInput): AuditEntry {
    const head = this.#head.get();
    const before = toText(input.before);
    const after = toText(input.after);
    // Hashed as read back (parsed from the stored text), so verifying later sees the same values.
    const fields = {
      seq: (head?.seq ?? 0) + 1,
      at: input.at,
      actor: input.actor,
      action: input.action,
      targetType: input.targetType,
      targetId: input.targetId,
      before: fromText(before),
      after: fromText(after),
      sourceIp: input.sourceIp,
    };
    const prevHash = head?.hash ?? GENESIS_HASH;
    const hash = hashAuditEntry(prevHash, fields);
    this.#insert.run(fields.seq, fields.at, fields.actor, fields.action, fields.targetType, fields.targetId ?? null, before, after, fields.sourceIp ?? null, prevHash, hash);
    return { ...fields, prevHash, hash };
  }
}
