import type { Storage } from '../ports.js';
import { MemoryIdentityStore } from './memory-identity-store.js';
import { MemoryRequestLogStore } from './memory-request-log-store.js';
import { MemoryResponseStore } from './memory-response-store.js';

/** Everything in memory: tests and throwaway runs. */
export function createMemoryStorage(): Storage {
  const requestLog = new MemoryRequestLogStore();
  return { requestLog, responses: new MemoryResponseStore(), identities: new MemoryIdentityStore(), close: () => requestLog.close() };
}

export { MemoryEventBus } from './memory-event-bus.js';
export { MemoryIdentityStore } from './memory-identity-store.js';
export { MemoryLimitStore } from './memory-limit-store.js';
export { MemoryRequestLogStore } from './memory-request-log-store.js';
