import type { Alert, AlertKind } from './alert.js';

const TITLES: Record<AlertKind, string> = {
  budget_threshold: 'Budget threshold reached',
  error_rate: 'Provider error rate',
  latency: 'Latency above baseline',
  circuit_open: 'Circuit breaker open',
  key_expiring: 'Key expiring',
};

// Slack rejects a text object over 3000 characters.
const SLACK_TEXT_MAX = 3000;

/**
 * The generic JSON webhook body. A budget alert also carries its details at the top level,
 * as the `budgets.alert_webhooks` payload always has, and every alert carries `text` so a
 * Slack-style sink configured as JSON still shows a line.
 */
export function formatJsonAlert(alert: Alert): Record<string, unknown> {
  return {
    ...(alert.kind === 'budget_threshold' ? alert.details : {}),
    type: alert.kind,
    severity: alert.severity,
    subject: alert.subject,
    message: alert.message,
    details: alert.details,
    at: new Date(alert.at).toISOString(),
    text: `Switchyard: ${alert.message}`,
  };
}

/** A Slack incoming-webhook body: `text` for notifications, a section with the alert and a context line. */
export function formatSlackAlert(alert: Alert): { text: string; blocks: unknown[] } {
  const icon = alert.severity === 'critical' ? ':rotating_light:' : ':warning:';
  const message = escapeMrkdwn(alert.message);
  return {
    text: cap(`Switchyard ${alert.severity}: ${message}`),
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: cap(`${icon} *${TITLES[alert.kind]}*: ${escapeMrkdwn(alert.subject)}\n${message}`) } },
      { type: 'context', elements: [{ type: 'mrkdwn', text: `Switchyard · ${alert.severity} · ${alert.kind} · ${new Date(alert.at).toISOString()}` }] },
    ],
  };
}

/** The body to post for `alert` to a sink of `format`. */
export function formatAlert(alert: Alert, format: 'json' | 'slack'): string {
  return JSON.stringify(format === 'slack' ? formatSlackAlert(alert) : formatJsonAlert(alert));
}

// https://api.slack.com/reference/surfaces/formatting#escaping: only these three are control characters.
function escapeMrkdwn(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

function cap(text: string): string {
  return text.length <= SLACK_TEXT_MAX ? text : `${text.slice(0, SLACK_TEXT_MAX - 1)}…`;
}
