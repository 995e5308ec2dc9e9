import type { Storage } from '../ports.js';
import { MemoryRequestLogStore } from './memory-request-log-store.js';
import { MemoryResponseStore } from './memory-response-store.js';

/** Everything in memory: tests and throwaway runs. */
export function createMemoryStorage(): Storage {
  const requestLog = new MemoryRequestLogStore();
  return { requestLog, responses: new MemoryResponseStore(), close: () => requestLog.close() };
}

export { MemoryRequestLogStore } from './memory-request-log-store.js';
