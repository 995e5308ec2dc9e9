import type { Storage } from '../ports.js';
import { SqliteExportQueue } from './sqlite-export-queue.js';
import { SqliteAuditLogStore } from './sqlite-audit-log-store.js';
import { openSqliteDatabase } from './open-sqlite-database.js';
import { SqliteIdentityStore } from './sqlite-identity-store.js';
import { SqliteRequestAnalytics } from './sqlite-request-analytics.js';
import { SqliteRequestLogStore } from './sqlite-request-log-store.js';
import { SqliteResponseStore } from './sqlite-response-store.js';
import { WalCheckpointer } from './wal-checkpointer.js';

// With the worker checkpointing every second, the writer's own checkpoint is only a
// backstop (a dead worker): 256 MB of WAL.
const BACKSTOP_AUTOCHECKPOINT_PAGES = 65_536;

export interface SqliteStorageOptions {
  /** Told when the background WAL checkpoint fails. */
  onBackgroundError?: (error: Error) => void;
}

/** The embedded default: every store in one SQLite file, its WAL checkpointed off the event loop. */
export function createSqliteStorage(path: string, options: SqliteStorageOptions = {}): Storage {
  const database = openSqliteDatabase(path);
  const checkpointer = path === ':memory:' ? undefined : new WalCheckpointer(path, { intervalMs: 1000, onError: options.onBackgroundError ?? (() => undefined) });
  if (checkpointer) database.pragma(`wal_autocheckpoint = ${BACKSTOP_AUTOCHECKPOINT_PAGES}`);
  const requestLog = new SqliteRequestLogStore(database);
  return {
    requestLog,
    analytics: new SqliteRequestAnalytics(database),
    audit: new SqliteAuditLogStore(database),
    logExport: new SqliteExportQueue(database),
    responses: new SqliteResponseStore(database),
    identities: new SqliteIdentityStore(database),
    async close() {
      await checkpointer?.stop();
      if (database.open) database.close();
    },
  };
}

export { openSqliteDatabase } from './open-sqlite-database.js';
export { SqliteIdentityStore } from './sqlite-identity-store.js';
export { SqliteRequestLogStore } from './sqlite-request-log-store.js';
export { SqliteRequestAnalytics } from './sqlite-request-analytics.js';
export { SqliteAuditLogStore } from './sqlite-audit-log-store.js';
export { SqliteExportQueue } from './sqlite-export-queue.js';
