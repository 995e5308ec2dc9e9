import { describe, expect, it } from 'vitest';
import { parseConfigText } from '../config/index.js';
import { ConnectionHealth } from './connection-health.js';
import { connectionHealthReport } from './connection-health-report.js';

const snapshot = parseConfigText(
  `
providers:
  a: { type: mock, health_check: { interval_s: 5, model: cheap } }
  b: { type: mock, health_check: { interval_s: 5, model: cheap } }
  plain: { type: mock }
models:
  m: { targets: [{ provider: a, model: x }] }
`,
  { source: 't', env: {}, version: 1, now: 0 },
);

describe('connectionHealthReport', () => {
  it('lists every connection in config order with its latest verdict', () => {
    const health = new ConnectionHealth();
    health.markDown('a', 1000, 'a said 503');
    health.markDown('plain', 1000, 'left from an older config');
    expect(connectionHealthReport(snapshot, health)).toEqual([
      { provider: 'a', checked: true, status: 'down', checkedAt: 1000, lastError: 'a said 503', consecutiveFailures: 1 },
      { provider: 'b', checked: true, status: 'unknown', checkedAt: undefined, lastError: undefined, consecutiveFailures: 0 },
      { provider: 'plain', checked: false, status: 'unknown', checkedAt: undefined, lastError: undefined, consecutiveFailures: 0 },
    ]);
  });
});
