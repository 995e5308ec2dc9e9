import type { KeyRecord, TeamRecord, UserRecord } from '../../core/access-policy.js';
import type { IdentityStore, RecordTable } from '../ports.js';
import { assertSafeInteger } from '../limit-arguments.js';

type FilterField = 'teamId' | 'userId';

type KeyTable = IdentityStore['keys'];

interface IdentityRecord {
  id: string;
  createdAt: number;
  teamId?: string | undefined;
  userId?: string | undefined;
}

/**
 * Called before a record is written (`next`) or deleted (`next` undefined), with the
 * record it replaces; throwing refuses the change before anything is touched.
 */
type BeforeChange<T> = (next: T | undefined, previous: T | undefined) => void;

// Through JSON both ways, as the SQLite backend stores them: undefined fields drop out
// the same way, and no caller ever holds an object the store keeps.
const copy = <T>(record: T): T => JSON.parse(JSON.stringify(record)) as T;

const oldestFirst = (left: IdentityRecord, right: IdentityRecord): number =>
  left.createdAt - right.createdAt || (left.id < right.id ? -1 : left.id > right.id ? 1 : 0);

class MemoryRecordTable<T extends IdentityRecord> implements RecordTable<T> {
  readonly #records = new Map<string, T>();
  readonly #filterFields: readonly FilterField[];
  readonly #beforeChange: BeforeChange<T> | undefined;

  constructor(filterFields: readonly FilterField[], beforeChange?: BeforeChange<T>) {
    this.#filterFields = filterFields;
    this.#beforeChange = beforeChange;
  }

  async get(id: string): Promise<T | undefined> {
    const found = this.#records.get(id);
    return found && copy(found);
  }

  async list(filter: Partial<Pick<T, Extract<keyof T, FilterField>>>, limit: number, offset: number): Promise<T[]> {
    assertSafeInteger('limit', limit, 0);
    assertSafeInteger('offset', offset, 0);
    const fields = filter as Partial<Record<FilterField, string>>;
    const wanted = this.#filterFields.filter((field) => fields[field] !== undefined);
    return [...this.#records.values()]
      .filter((record) => wanted.every((field) => record[field] === fields[field]))
      .sort(oldestFirst)
      .slice(offset, offset + limit)
      .map(copy);
  }

  async put(record: T): Promise<void> {
    const stored = copy(record);
    this.#beforeChange?.(stored, this.#records.get(stored.id));
    this.#records.set(stored.id, stored);
  }

  async delete(id: string): Promise<boolean> {
    const previous = this.#records.get(id);
    if (!previous) return false;
    this.#beforeChange?.(undefined, previous);
    return this.#records.delete(id);
  }
}

class MemoryKeyTable implements KeyTable {
  readonly #idByHash = new Map<string, string>();
  readonly #table = new MemoryRecordTable<KeyRecord>(['teamId', 'userId'], (next, previous) => {
    const owner = next && this.#idByHash.get(next.hash);
    if (owner !== undefined && owner !== next?.id) throw new Error('another key already has this hash');
    if (previous) this.#idByHash.delete(previous.hash);
    if (next) this.#idByHash.set(next.hash, next.id);
  });

  get(id: string): Promise<KeyRecord | undefined> {
    return this.#table.get(id);
  }

  list(filter: Partial<Pick<KeyRecord, FilterField>>, limit: number, offset: number): Promise<KeyRecord[]> {
    return this.#table.list(filter, limit, offset);
  }

  put(record: KeyRecord): Promise<void> {
    return this.#table.put(record);
  }

  delete(id: string): Promise<boolean> {
    return this.#table.delete(id);
  }

  async findByHash(hash: string): Promise<KeyRecord | undefined> {
    const id = this.#idByHash.get(hash);
    return id === undefined ? undefined : this.#table.get(id);
  }
}

/** Keys, teams and users in Maps: tests and throwaway runs. */
export class MemoryIdentityStore implements IdentityStore {
  readonly keys: KeyTable = new MemoryKeyTable();
  readonly teams: RecordTable<TeamRecord> = new MemoryRecordTable<TeamRecord>([]);
  readonly users: RecordTable<UserRecord> = new MemoryRecordTable<UserRecord>(['teamId']);
}
