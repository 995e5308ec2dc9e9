export { createLogger } from './logger.js';
export type { Logger } from './logger.js';
export { RequestLogWriter } from './request-log-writer.js';
export type { RequestLogWriterOptions } from './request-log-writer.js';
export { budgetAlertPayload, sendBudgetAlerts } from './budget-alert-webhooks.js';
export type { PostJson } from './budget-alert-webhooks.js';
