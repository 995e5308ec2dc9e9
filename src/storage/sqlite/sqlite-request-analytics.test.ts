import { requestAnalyticsContract } from '../contract/request-analytics.contract.js';
import { openSqliteDatabase } from './open-sqlite-database.js';
import { SqliteRequestAnalytics } from './sqlite-request-analytics.js';
import { SqliteRequestLogStore } from './sqlite-request-log-store.js';

requestAnalyticsContract(() => {
  const database = openSqliteDatabase(':memory:');
  const log = new SqliteRequestLogStore(database);
  return { log, analytics: new SqliteRequestAnalytics(database), close: () => log.close() };
});
