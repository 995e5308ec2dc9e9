import { exportQueueContract } from '../contract/export-queue.contract.js';
import { MemoryExportQueue } from './memory-export-queue.js';

exportQueueContract('memory', () => new MemoryExportQueue());
