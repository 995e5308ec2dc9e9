import type { Storage } from '../ports.js';
import { openSqliteDatabase } from './open-sqlite-database.js';
import { SqliteRequestLogStore } from './sqlite-request-log-store.js';
import { ThreadedSqliteRequestLogStore } from './threaded-sqlite-request-log-store.js';

/**
 * The embedded default: every store in one SQLite file. `writerThread` moves request-log
 * inserts to a worker thread (the gateway does; tests of the store itself do not, as the
 * thread runs compiled JavaScript).
 */
export function createSqliteStorage(path: string, options: { writerThread?: boolean } = {}): Storage {
  const database = openSqliteDatabase(path);
  const requestLog = options.writerThread ? new ThreadedSqliteRequestLogStore(path, database) : new SqliteRequestLogStore(database);
  return {
    requestLog,
    async close() {
      await requestLog.close();
      if (database.open) database.close();
    },
  };
}

export { openSqliteDatabase } from './open-sqlite-database.js';
export { SqliteRequestLogStore } from './sqlite-request-log-store.js';
