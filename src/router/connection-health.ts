/** What the latest active health check said about a provider connection. */
export type ConnectionStatus = 'up' | 'down' | 'unknown';

/** One connection's check results, as `GET /admin/health` shows them. */
export interface ConnectionHealthReport {
  /** `unknown` until the first probe has answered (or failed), and for unchecked connections. */
  readonly status: ConnectionStatus;
  /** Epoch ms of the latest probe's verdict. */
  readonly checkedAt: number | undefined;
  /** The latest failed probe's error message; cleared by a successful probe. */
  readonly lastError: string | undefined;
  /** Failed probes since the last successful one. */
  readonly consecutiveFailures: number;
}

/** The part routing reads: a connection whose latest probe failed goes to the back of the plan. */
export interface ConnectionHealthView {
  isDown(name: string): boolean;
}

interface Entry {
  down: boolean;
  checkedAt: number;
  lastError: string | undefined;
  consecutiveFailures: number;
}

const UNKNOWN: ConnectionHealthReport = { status: 'unknown', checkedAt: undefined, lastError: undefined, consecutiveFailures: 0 };

/**
 * Active health-check verdicts per provider connection, in memory, per process. The
 * checker writes it (one verdict per probe, the latest wins); routing reads `isDown`.
 * A connection nobody checked, or that was forgotten, is never down: only a failed probe
 * takes a connection out of its planned place.
 */
export class ConnectionHealth implements ConnectionHealthView {
  readonly #entries = new Map<string, Entry>();

  /** A probe to `name` answered at `at` (epoch ms). */
  markUp(name: string, at: number): void {
    this.#entries.set(name, { down: false, checkedAt: at, lastError: undefined, consecutiveFailures: 0 });
  }

  /** A probe to `name` failed at `at` (epoch ms); `message` must be safe to show (no secrets). */
  markDown(name: string, at: number, message: string): void {
    const failures = this.#entries.get(name)?.consecutiveFailures ?? 0;
    this.#entries.set(name, { down: true, checkedAt: at, lastError: message, consecutiveFailures: failures + 1 });
  }

  isDown(name: string): boolean {
    return this.#entries.get(name)?.down === true;
  }

  report(name: string): ConnectionHealthReport {
    const entry = this.#entries.get(name);
    if (!entry) return UNKNOWN;
    return { status: entry.down ? 'down' : 'up', checkedAt: entry.checkedAt, lastError: entry.lastError, consecutiveFailures: entry.consecutiveFailures };
  }

  /** Drops `name`'s verdicts: its checks were turned off or it left the config. */
  forget(name: string): void {
    this.#entries.delete(name);
  }
}
