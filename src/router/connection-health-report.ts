import type { ConfigSnapshot } from '../config/index.js';
import type { ConnectionHealth, ConnectionStatus } from './connection-health.js';

/** One configured provider connection's active-check state, as `GET /admin/health` lists it. */
export interface ConnectionHealthSummary {
  /** The connection's name (`providers.<name>`). */
  readonly provider: string;
  /** Whether the config gives it a `health_check`. */
  readonly checked: boolean;
  /** Always `unknown` for an unchecked connection. */
  readonly status: ConnectionStatus;
  /** Epoch ms of the latest probe's verdict. */
  readonly checkedAt: number | undefined;
  readonly lastError: string | undefined;
  readonly consecutiveFailures: number;
}

/** Every provider connection of the config, in config order, with its latest check verdict. */
export function connectionHealthReport(snapshot: ConfigSnapshot, health: ConnectionHealth): ConnectionHealthSummary[] {
  return [...snapshot.providers.values()].map((connection) => {
    const checked = connection.healthCheck !== undefined;
    // A verdict left from before a reload turned the check off is not shown as current.
    const report = checked ? health.report(connection.name) : undefined;
    return {
      provider: connection.name,
      checked,
      status: report?.status ?? 'unknown',
      checkedAt: report?.checkedAt,
      lastError: report?.lastError,
      consecutiveFailures: report?.consecutiveFailures ?? 0,
    };
  });
}
