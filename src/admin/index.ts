export type { RequestLogEntry } from './contract/request-log-entry.js';
export type { UsageReport, UsageReportEntry, UsageReportGroupBy } from './contract/usage-report.js';
export { createAdminHandler } from './create-admin-handler.js';
export { encodeRequestLogEntry } from './encode-request-log-entry.js';
export type { AdminDependencies, AdminRequest, AdminResponse } from './create-admin-handler.js';
