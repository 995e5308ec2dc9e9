import type { BudgetAlert } from '../../core/events.js';
import type { Alert } from './alert.js';

/**
 * The `budget_threshold` alert for a budget crossing one of its thresholds. The subject
 * names the period and threshold, so each is an alert of its own; the details keep the
 * field names of the payload `budgets.alert_webhooks` has always sent.
 */
export function budgetThresholdAlert(alert: BudgetAlert): Alert {
  const spent = alert.spentMicros / 1e6;
  const limit = alert.limitMicros / 1e6;
  return {
    kind: 'budget_threshold',
    severity: alert.thresholdPercent >= 100 ? 'critical' : 'warning',
    subject: `${alert.scope} ${alert.id} ${alert.period} ${alert.thresholdPercent}%`,
    message: `${alert.scope} ${alert.id} reached ${alert.thresholdPercent}% of its budget ($${spent.toFixed(2)} of $${limit.toFixed(2)}, period ${alert.period}).`,
    details: { scope: alert.scope, id: alert.id, period: alert.period, threshold_percent: alert.thresholdPercent, spent_usd: spent, limit_usd: limit },
    at: alert.at,
  };
}
