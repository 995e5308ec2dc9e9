import type { ConfigSnapshot, HealthCheckSettings } from '../../config/index.js';
import { Cancellation } from '../../core/cancellation.js';
import type { Clock } from '../../core/clock.js';
import { toGatewayError } from '../../core/errors.js';
import type { ConnectionProbe } from './create-connection-probe.js';

/** Where the checker writes its verdicts (the router's `ConnectionHealth`). */
export interface HealthVerdicts {
  markUp(name: string, at: number): void;
  markDown(name: string, at: number, message: string): void;
  /** The connection is no longer checked: its old verdicts must not keep steering routing. */
  forget(name: string): void;
}

/** A connection's verdict changed (or the first one is `down`): worth a log line. */
export interface HealthChange {
  readonly connection: string;
  readonly status: 'up' | 'down';
  readonly previous: 'up' | 'down' | undefined;
  /** The failed probe's message, for `down`. */
  readonly message: string | undefined;
}

export interface HealthCheckerOptions {
  /** The running config; re-read on every probe and on every sync. */
  snapshot: () => ConfigSnapshot;
  probe: ConnectionProbe;
  verdicts: HealthVerdicts;
  clock: Clock;
  onChange?: (change: HealthChange) => void;
  /** How often the config version is compared, to notice a reload (ms). */
  syncIntervalMs?: number;
}

interface Check {
  readonly settings: HealthCheckSettings;
  timer: NodeJS.Timeout | undefined;
  /** Aborts the probe in flight, if any. */
  stop: Cancellation;
  /** The probe in flight; never rejects. */
  running: Promise<void> | undefined;
  ended: boolean;
}

const DEFAULT_SYNC_INTERVAL_MS = 1000;

/**
 * Runs every provider connection's `health_check:`: a probe right away, then one every
 * `interval_s`, measured from the previous probe's start (or from its end, when it took
 * longer: probes to one connection never overlap). Each verdict goes to `verdicts`.
 * A config reload (a new snapshot version) restarts every check with the new settings,
 * probing at once, once the old probe in flight has been aborted and has settled;
 * verdicts of connections still checked are kept until the new probe's.
 * Timers are unref'd: the checker never keeps the process alive.
 */
export class HealthChecker {
  readonly #options: HealthCheckerOptions;
  readonly #checks = new Map<string, Check>();
  readonly #status = new Map<string, 'up' | 'down'>();
  #version: number | undefined;
  #syncTimer: NodeJS.Timeout | undefined;
  #started = false;

  constructor(options: HealthCheckerOptions) {
    this.#options = options;
  }

  start(): void {
    if (this.#started) return;
    this.#started = true;
    this.sync();
    this.#syncTimer = setInterval(() => {
      if (this.#options.snapshot().version !== this.#version) this.sync();
    }, this.#options.syncIntervalMs ?? DEFAULT_SYNC_INTERVAL_MS);
    this.#syncTimer.unref();
  }

  /** Restarts the checks on the current snapshot when its version is new (called on reload). */
  sync(): void {
    const snapshot = this.#options.snapshot();
    if (!this.#started || snapshot.version === this.#version) return;
    this.#version = snapshot.version;
    const previous = new Map(this.#checks);
    for (const check of previous.values()) this.#end(check);
    this.#checks.clear();
    for (const name of previous.keys()) {
      if (snapshot.providers.get(name)?.healthCheck !== undefined) continue;
      this.#status.delete(name);
      this.#options.verdicts.forget(name);
    }
    for (const connection of snapshot.providers.values()) {
      if (connection.healthCheck === undefined) continue;
      const check: Check = { settings: connection.healthCheck, timer: undefined, stop: new Cancellation(), running: undefined, ended: false };
      this.#checks.set(connection.name, check);
      const settling = previous.get(connection.name)?.running;
      if (settling) void settling.then(() => this.#schedule(connection.name, check, 0));
      else this.#schedule(connection.name, check, 0);
    }
  }

  /** Stops every timer and aborts the probes in flight; resolves once they have settled. */
  async stop(): Promise<void> {
    this.#started = false;
    this.#version = undefined;
    clearInterval(this.#syncTimer);
    const running = [...this.#checks.values()].map((check) => {
      this.#end(check);
      return check.running;
    });
    this.#checks.clear();
    await Promise.all(running);
  }

  #end(check: Check): void {
    check.ended = true;
    clearTimeout(check.timer);
    check.timer = undefined;
    check.stop.cancel();
  }

  #schedule(name: string, check: Check, delayMs: number): void {
    if (check.ended) return;
    check.timer = setTimeout(() => {
      check.timer = undefined;
      check.running = this.#run(name, check);
    }, delayMs);
    check.timer.unref();
  }

  async #run(name: string, check: Check): Promise<void> {
    const { clock, probe } = this.#options;
    const snapshot = this.#options.snapshot();
    // Reloaded since the last sync: restart the checks on the new settings instead.
    if (snapshot.version !== this.#version) return this.sync();
    const connection = snapshot.providers.get(name);
    if (connection === undefined) return;
    const startedAt = clock.monotonic();
    let failure: string | undefined;
    try {
      await probe(snapshot, connection, check.settings, check.stop);
    } catch (caught) {
      failure = toGatewayError(caught).message;
    }
    if (check.ended) return;
    this.#record(name, failure);
    this.#schedule(name, check, Math.max(0, check.settings.intervalMs - (clock.monotonic() - startedAt)));
  }

  #record(name: string, failure: string | undefined): void {
    const { clock, verdicts, onChange } = this.#options;
    const previous = this.#status.get(name);
    const status = failure === undefined ? 'up' : 'down';
    if (failure === undefined) verdicts.markUp(name, clock.now());
    else verdicts.markDown(name, clock.now(), failure);
    this.#status.set(name, status);
    if (status !== previous && (previous !== undefined || status === 'down')) onChange?.({ connection: name, status, previous, message: failure });
  }
}
