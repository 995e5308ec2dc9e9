import type { Storage } from '../ports.js';
import { openSqliteDatabase } from './open-sqlite-database.js';
import { SqliteIdentityStore } from './sqlite-identity-store.js';
import { SqliteRequestLogStore } from './sqlite-request-log-store.js';
import { SqliteResponseStore } from './sqlite-response-store.js';

/** The embedded default: every store in one SQLite file. */
export function createSqliteStorage(path: string): Storage {
  const database = openSqliteDatabase(path);
  const requestLog = new SqliteRequestLogStore(database);
  return {
    requestLog,
    responses: new SqliteResponseStore(database),
    identities: new SqliteIdentityStore(database),
    async close() {
      if (database.open) database.close();
    },
  };
}

export { openSqliteDatabase } from './open-sqlite-database.js';
export { SqliteIdentityStore } from './sqlite-identity-store.js';
export { SqliteRequestLogStore } from './sqlite-request-log-store.js';
