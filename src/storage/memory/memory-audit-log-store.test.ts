import { auditLogStoreContract } from '../contract/audit-log-store.contract.js';
import { MemoryAuditLogStore } from './memory-audit-log-store.js';

auditLogStoreContract('memory', () => new MemoryAuditLogStore());
