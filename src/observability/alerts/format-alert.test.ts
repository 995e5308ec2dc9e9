import { describe, expect, it } from 'vitest';
import type { Alert } from './alert.js';
import { budgetThresholdAlert } from './budget-threshold-alert.js';
import { formatAlert, formatJsonAlert, formatSlackAlert } from './format-alert.js';

const AT = Date.UTC(2026, 10, 22, 9, 30);
const alert: Alert = {
  kind: 'error_rate',
  severity: 'critical',
  subject: 'openai',
  message: 'Provider openai: 60% of attempts failed <oops> & more.',
  details: { failed: 6, total: 10 },
  at: AT,
};

describe('formatJsonAlert', () => {
  it('carries type, severity, subject, message, details and an ISO time', () => {
    expect(formatJsonAlert(alert)).toEqual({
      type: 'error_rate',
      severity: 'critical',
      subject: 'openai',
      message: alert.message,
      details: { failed: 6, total: 10 },
      at: '2026-11-22T09:30:00.000Z',
      text: `Switchyard: ${alert.message}`,
    });
  });

  it('keeps every field of the budgets.alert_webhooks payload for budget alerts', () => {
    const body = formatJsonAlert(budgetThresholdAlert({ scope: 'key', id: 'k1', period: 'd2026-11-22', thresholdPercent: 90, spentMicros: 9_000_000, limitMicros: 10_000_000, at: AT }));
    expect(body).toMatchObject({
      type: 'budget_threshold',
      scope: 'key',
      id: 'k1',
      period: 'd2026-11-22',
      threshold_percent: 90,
      spent_usd: 9,
      limit_usd: 10,
      at: '2026-11-22T09:30:00.000Z',
      text: 'Switchyard: key k1 reached 90% of its budget ($9.00 of $10.00, period d2026-11-22).',
    });
  });
});

describe('formatSlackAlert', () => {
  it('builds an incoming-webhook body: text, a mrkdwn section and a context block, escaped', () => {
    expect(formatSlackAlert(alert)).toEqual({
      text: 'Switchyard critical: Provider openai: 60% of attempts failed &lt;oops&gt; &amp; more.',
      blocks: [
        { type: 'section', text: { type: 'mrkdwn', text: ':rotating_light: *Provider error rate*: openai\nProvider openai: 60% of attempts failed &lt;oops&gt; &amp; more.' } },
        { type: 'context', elements: [{ type: 'mrkdwn', text: 'Switchyard · critical · error_rate · 2026-11-22T09:30:00.000Z' }] },
      ],
    });
  });

  it('caps the text Slack would reject', () => {
    const long = formatSlackAlert({ ...alert, severity: 'warning', message: 'x'.repeat(5000) });
    const section = long.blocks[0] as { text: { text: string } };
    expect(section.text.text.length).toBe(3000);
    expect(section.text.text.startsWith(':warning:')).toBe(true);
    expect(long.text.length).toBe(3000);
  });
});

describe('formatAlert', () => {
  it('serializes the chosen format', () => {
    expect(JSON.parse(formatAlert(alert, 'json'))).toMatchObject({ type: 'error_rate' });
    expect(JSON.parse(formatAlert(alert, 'slack'))).toHaveProperty('blocks');
  });
});
