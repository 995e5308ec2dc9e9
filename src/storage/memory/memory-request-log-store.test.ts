import { requestLogStoreContract } from '../contract/request-log-store.contract.js';
import { MemoryRequestLogStore } from './memory-request-log-store.js';

requestLogStoreContract('memory', () => new MemoryRequestLogStore());
