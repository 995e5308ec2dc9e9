import { ConfigError } from './config-error.js';
import type { ConfigSnapshot } from './config-snapshot.js';

export type ReloadOutcome = { ok: true; snapshot: ConfigSnapshot } | { ok: false; problems: readonly string[] };

/**
 * Holds the current snapshot and swaps it whole. A load that fails leaves the running
 * snapshot in place, so a bad edit can never take the gateway down.
 */
export class SnapshotHolder {
  #current: ConfigSnapshot;
  readonly #load: (version: number) => ConfigSnapshot;

  constructor(initial: ConfigSnapshot, load: (version: number) => ConfigSnapshot) {
    this.#current = initial;
    this.#load = load;
  }

  current(): ConfigSnapshot {
    return this.#current;
  }

  reload(): ReloadOutcome {
    try {
      this.#current = this.#load(this.#current.version + 1);
      return { ok: true, snapshot: this.#current };
    } catch (error) {
      if (error instanceof ConfigError) return { ok: false, problems: error.problems };
      return { ok: false, problems: [(error as Error).message] };
    }
  }
}
