import type { Storage } from '../ports.js';
import { MemoryExportQueue } from './memory-export-queue.js';
import { MemoryAuditLogStore } from './memory-audit-log-store.js';
import { MemoryIdentityStore } from './memory-identity-store.js';
import { MemoryRequestAnalytics } from './memory-request-analytics.js';
import { MemoryRequestLogStore } from './memory-request-log-store.js';
import { MemoryResponseStore } from './memory-response-store.js';

/** Everything in memory: tests and throwaway runs. */
export function createMemoryStorage(): Storage {
  const requestLog = new MemoryRequestLogStore();
  return { requestLog, analytics: new MemoryRequestAnalytics(() => requestLog.records()), audit: new MemoryAuditLogStore(), logExport: new MemoryExportQueue(), responses: new MemoryResponseStore(), identities: new MemoryIdentityStore(), close: () => requestLog.close() };
}

export { MemoryEventBus } from './memory-event-bus.js';
export { MemoryIdentityStore } from './memory-identity-store.js';
export { MemoryLimitStore } from './memory-limit-store.js';
export { MemoryRequestAnalytics } from './memory-request-analytics.js';
export { MemoryRequestLogStore } from './memory-request-log-store.js';
export { MemoryAuditLogStore } from './memory-audit-log-store.js';
export { MemoryExportQueue } from './memory-export-queue.js';
