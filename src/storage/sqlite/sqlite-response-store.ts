import type { ResponseStore, StoredResponse } from '../ports.js';
import type { SqliteDatabase } from './open-sqlite-database.js';

interface Row {
  id: string;
  created_at: number;
  key_id: string | null;
  origin: string;
  messages: string;
  response: string;
}

/** Stored Responses API answers, one row each. */
export class SqliteResponseStore implements ResponseStore {
  readonly #insert;
  readonly #select;
  readonly #remove;

  constructor(database: SqliteDatabase) {
    this.#insert = database.prepare('INSERT OR REPLACE INTO responses (id, created_at, key_id, origin, messages, response) VALUES (?, ?, ?, ?, ?, ?)');
    this.#select = database.prepare('SELECT * FROM responses WHERE id = ?');
    this.#remove = database.prepare('DELETE FROM responses WHERE id = ?');
  }

  async put(response: StoredResponse): Promise<void> {
    this.#insert.run(response.id, response.createdAt, response.keyId ?? null, response.origin, response.messagesJson, response.responseJson);
  }

  async get(id: string): Promise<StoredResponse | undefined> {
    const row = this.#select.get(id) as Row | undefined;
    if (!row) return undefined;
    return { id: row.id, createdAt: row.created_at, keyId: row.key_id ?? undefined, origin: row.origin, messagesJson: row.messages, responseJson: row.response };
  }

  async delete(id: string): Promise<boolean> {
    return this.#remove.run(id).changes > 0;
  }
}
