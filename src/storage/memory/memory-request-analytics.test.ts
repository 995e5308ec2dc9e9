import { requestAnalyticsContract } from '../contract/request-analytics.contract.js';
import { MemoryRequestAnalytics } from './memory-request-analytics.js';
import { MemoryRequestLogStore } from './memory-request-log-store.js';

requestAnalyticsContract(() => {
  const log = new MemoryRequestLogStore();
  return { log, analytics: new MemoryRequestAnalytics(() => log.records()), close: () => log.close() };
});
