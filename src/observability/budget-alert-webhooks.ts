import type { BudgetAlert } from '../core/events.js';
import { onBudgetAlert } from '../core/events.js';

/** Sends one JSON body to one URL; rejects on failure (supplied by app.ts over the upstream transport). */
export type PostJson = (url: string, body: string) => Promise<void>;

/** The webhook body: generic JSON fields, plus `text` so a Slack incoming webhook shows it as is. */
export function budgetAlertPayload(alert: BudgetAlert): Record<string, unknown> {
  const spent = alert.spentMicros / 1e6;
  const limit = alert.limitMicros / 1e6;
  return {
    type: 'budget_threshold',
    scope: alert.scope,
    id: alert.id,
    period: alert.period,
    threshold_percent: alert.thresholdPercent,
    spent_usd: spent,
    limit_usd: limit,
    at: new Date(alert.at).toISOString(),
    text: `Switchyard: ${alert.scope} ${alert.id} reached ${alert.thresholdPercent}% of its budget ($${spent.toFixed(2)} of $${limit.toFixed(2)}, period ${alert.period}).`,
  };
}

/**
 * Posts every budget alert to each configured webhook URL (`budgets.alert_webhooks`),
 * off the request path. A failed post is retried once after a second, then logged.
 * Returns the unsubscribe function.
 */
export function sendBudgetAlerts(urls: () => readonly string[], post: PostJson, onFailure: (url: string, error: unknown) => void): () => void {
  return onBudgetAlert((alert) => {
    const body = JSON.stringify(budgetAlertPayload(alert));
    for (const url of urls()) {
      post(url, body)
        .catch(() => new Promise((resolve) => setTimeout(resolve, 1000).unref()).then(() => post(url, body)))
        .catch((error: unknown) => onFailure(url, error));
    }
  });
}
