import { responseStoreContract } from '../contract/response-store.contract.js';
import { MemoryResponseStore } from './memory-response-store.js';

responseStoreContract('memory', () => new MemoryResponseStore());
