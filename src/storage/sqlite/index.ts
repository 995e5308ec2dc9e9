import type { Storage } from '../ports.js';
import { SqliteExportQueue } from './sqlite-export-queue.js';
import { SqliteAuditLogStore } from './sqlite-audit-log-store.js';
import { openSqliteDatabase } from './open-sqlite-database.js';
import { SqliteIdentityStore } from './sqlite-identity-store.js';
import { SqliteRequestAnalytics } from './sqlite-request-analytics.js';
import { SqliteRequestLogStore } from './sqlite-request-log-store.js';
import { SqliteResponseStore } from './sqlite-response-store.js';

/** The embedded default: every store in one SQLite file. */
export function createSqliteStorage(path: string): Storage {
  const database = openSqliteDatabase(path);
  const requestLog = new SqliteRequestLogStore(database);
  return {
    requestLog,
    analytics: new SqliteRequestAnalytics(database),
    audit: new SqliteAuditLogStore(database),
    logExport: new SqliteExportQueue(database),
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
export { SqliteRequestAnalytics } from './sqlite-request-analytics.js';
export { SqliteAuditLogStore } from './sqlite-audit-log-store.js';
export { SqliteExportQueue } from './sqlite-export-queue.js';
