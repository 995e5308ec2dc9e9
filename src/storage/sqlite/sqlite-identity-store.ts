import Database from 'better-sqlite3';
import type { KeyRecord, TeamRecord, UserRecord } from '../../core/access-policy.js';
import type { IdentityStore, RecordTable } from '../ports.js';
import type { SqliteDatabase } from './open-sqlite-database.js';

type FilterField = 'teamId' | 'userId';

type KeyTable = IdentityStore['keys'];

const FILTER_COLUMNS: Record<FilterField, string> = { teamId: 'team_id', userId: 'user_id' };

interface IdentityRecord {
  id: string;
  createdAt: number;
  teamId?: string | undefined;
  userId?: string | undefined;
}

type Value = string | number | null;

/** A column kept beside `data` for lookups, with how to read it off the record. */
type Column<T> = readonly [name: string, value: (record: T) => Value];

type Statement = Database.Statement<Value[]>;

// The memory backend refuses the same calls with the same words (limit-arguments.ts);
// SQLite itself would read a negative LIMIT as no limit at all.
function assertPageArgument(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`${name} must be a safe integer >= 0, got ${value}`);
}

/** One table holding each record as JSON in `data`, plus its id, creation time and filter columns. */
class SqliteRecordTable<T extends IdentityRecord> implements RecordTable<T> {
  readonly #filterFields: readonly FilterField[];
  readonly #columns: readonly Column<T>[];
  readonly #upsert: Statement;
  readonly #select: Statement;
  readonly #remove: Statement;
  /** One statement per combination of filter fields given, indexed by bit mask. */
  readonly #listBy: readonly Statement[];

  constructor(database: SqliteDatabase, table: string, filterFields: readonly FilterField[], extraColumns: readonly Column<T>[] = []) {
    this.#filterFields = filterFields;
    this.#columns = [
      ['id', (record) => record.id],
      ['created_at', (record) => record.createdAt],
      ...filterFields.map((field): Column<T> => [FILTER_COLUMNS[field], (record) => record[field] ?? null]),
      ...extraColumns,
      ['data', (record) => JSON.stringify(record)],
    ];
    const names = this.#columns.map(([name]) => name);
    // An upsert, not INSERT OR REPLACE: REPLACE would silently delete another row that
    // holds the same value of a UNIQUE column (a key's hash) instead of failing.
    this.#upsert = database.prepare(
      `INSERT INTO ${table} (${names.join(', ')}) VALUES (${names.map(() => '?').join(', ')})
       ON CONFLICT (id) DO UPDATE SET ${names.slice(1).map((name) => `${name} = excluded.${name}`).join(', ')}`,
    );
    this.#select = database.prepare(`SELECT data FROM ${table} WHERE id = ?`).pluck();
    this.#remove = database.prepare(`DELETE FROM ${table} WHERE id = ?`);
    this.#listBy = Array.from({ length: 2 ** filterFields.length }, (_, mask) => {
      const where = filterFields.filter((_field, index) => (mask & (1 << index)) !== 0).map((field) => `${FILTER_COLUMNS[field]} = ?`);
      const clause = where.length === 0 ? '' : ` WHERE ${where.join(' AND ')}`;
      return database.prepare(`SELECT data FROM ${table}${clause} ORDER BY created_at, id LIMIT ? OFFSET ?`).pluck();
    });
  }

  async get(id: string): Promise<T | undefined> {
    const data = this.#select.get(id) as string | undefined;
    return data === undefined ? undefined : (JSON.parse(data) as T);
  }

  async list(filter: Partial<Pick<T, Extract<keyof T, FilterField>>>, limit: number, offset: number): Promise<T[]> {
    assertPageArgument('limit', limit);
    assertPageArgument('offset', offset);
    const fields = filter as Partial<Record<FilterField, string>>;
    let mask = 0;
    const values: Value[] = [];
    this.#filterFields.forEach((field, index) => {
      const value = fields[field];
      if (value === undefined) return;
      mask |= 1 << index;
      values.push(value);
    });
    const rows = this.#listBy[mask]!.all(...values, limit, offset) as string[];
    return rows.map((data) => JSON.parse(data) as T);
  }

  async put(record: T): Promise<void> {
    this.#upsert.run(...this.#columns.map(([, value]) => value(record)));
  }

  async delete(id: string): Promise<boolean> {
    return this.#remove.run(id).changes > 0;
  }
}

class SqliteKeyTable extends SqliteRecordTable<KeyRecord> implements KeyTable {
  readonly #selectByHash: Statement;

  constructor(database: SqliteDatabase) {
    super(database, 'api_keys', ['teamId', 'userId'], [['hash', (record) => record.hash]]);
    this.#selectByHash = database.prepare('SELECT data FROM api_keys WHERE hash = ?').pluck();
  }

  override async put(record: KeyRecord): Promise<void> {
    try {
      await super.put(record);
    } catch (error) {
      // The id conflict is an upsert, so the only UNIQUE left to break is the hash.
      if (error instanceof Database.SqliteError && error.code === 'SQLITE_CONSTRAINT_UNIQUE') {
        throw new Error('another key already has this hash', { cause: error });
      }
      throw error;
    }
  }

  async findByHash(hash: string): Promise<KeyRecord | undefined> {
    const data = this.#selectByHash.get(hash) as string | undefined;
    return data === undefined ? undefined : (JSON.parse(data) as KeyRecord);
  }
}

/** Keys, teams and users in the gateway's SQLite file (tables of migration 4). */
export class SqliteIdentityStore implements IdentityStore {
  readonly keys: KeyTable;
  readonly teams: RecordTable<TeamRecord>;
  readonly users: RecordTable<UserRecord>;

  constructor(database: SqliteDatabase) {
    this.keys = new SqliteKeyTable(database);
    this.teams = new SqliteRecordTable<TeamRecord>(database, 'teams', []);
    this.users = new SqliteRecordTable<UserRecord>(database, 'users', ['teamId']);
  }
}
