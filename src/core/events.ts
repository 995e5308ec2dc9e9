import { channel } from 'node:diagnostics_channel';
import type { RequestRecord } from './request-record.js';

/**
 * Typed event channels. Rooms publish facts here; observability subscribes. With no
 * subscriber, publishing costs a property check.
 */
export const REQUEST_END_CHANNEL = 'switchyard:request-end';

const requestEnd = channel(REQUEST_END_CHANNEL);

/** Publishes the final record of one data-plane request. */
export function publishRequestEnd(record: RequestRecord): void {
  if (requestEnd.hasSubscribers) requestEnd.publish(record);
}

/** Subscribes to request records; returns the unsubscribe function. */
export function onRequestEnd(listener: (record: RequestRecord) => void): () => void {
  const handler = (message: unknown) => listener(message as RequestRecord);
  requestEnd.subscribe(handler);
  return () => requestEnd.unsubscribe(handler);
}

/** A budget crossed one of its alert thresholds (once per period and threshold, across instances). */
export interface BudgetAlert {
  scope: 'key' | 'user' | 'team' | 'model';
  id: string;
  /** The budget period's name (`d2026-11-22`, `m2026-11`, `total`). */
  period: string;
  /** Percent of the budget, one of `budgets.alert_thresholds`. */
  thresholdPercent: number;
  spentMicros: number;
  limitMicros: number;
  /** Epoch ms. */
  at: number;
}

export const BUDGET_ALERT_CHANNEL = 'switchyard:budget-alert';
const budgetAlert = channel(BUDGET_ALERT_CHANNEL);

export function publishBudgetAlert(alert: BudgetAlert): void {
  if (budgetAlert.hasSubscribers) budgetAlert.publish(alert);
}

export function onBudgetAlert(listener: (alert: BudgetAlert) => void): () => void {
  const handler = (message: unknown) => listener(message as BudgetAlert);
  budgetAlert.subscribe(handler);
  return () => budgetAlert.unsubscribe(handler);
}

/** A deployment's circuit breaker changed state (router/, per process). */
export interface CircuitChange {
  /** The deployment, `<provider connection>/<model>`. */
  deployment: string;
  state: 'closed' | 'open' | 'half-open';
}

export const CIRCUIT_CHANGE_CHANNEL = 'switchyard:circuit-change';
const circuitChange = channel(CIRCUIT_CHANGE_CHANNEL);

export function publishCircuitChange(change: CircuitChange): void {
  if (circuitChange.hasSubscribers) circuitChange.publish(change);
}

export function onCircuitChange(listener: (change: CircuitChange) => void): () => void {
  const handler = (message: unknown) => listener(message as CircuitChange);
  circuitChange.subscribe(handler);
  return () => circuitChange.unsubscribe(handler);
}
