interface Entry<V> {
  value: V;
  expiresAt: number;
}

/**
 * A Map whose entries carry an expiry (epoch ms, `Infinity` for never). A read with a
 * `now` drops the entry it finds expired; every write sweeps all expired entries once the
 * map has doubled since the last sweep, so memory stays proportional to the live entries
 * and each write pays O(1) amortised.
 */
export class ExpiringMap<V> {
  readonly #entries = new Map<string, Entry<V>>();
  readonly #minimumSweepSize: number;
  #sweepAtSize: number;

  constructor(minimumSweepSize = 1024) {
    this.#minimumSweepSize = minimumSweepSize;
    this.#sweepAtSize = minimumSweepSize;
  }

  /** The live value; with `now`, an entry that expired before it is dropped and not returned. */
  get(key: string, now?: number): V | undefined {
    const entry = this.#entries.get(key);
    if (entry === undefined) return undefined;
    if (now !== undefined && entry.expiresAt < now) {
      this.#entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  /** Stores `value` until `expiresAt`; `now` is the time the sweep judges expiry by. */
  set(key: string, value: V, expiresAt: number, now: number): void {
    this.#entries.set(key, { value, expiresAt });
    if (this.#entries.size >= this.#sweepAtSize) this.sweep(now);
  }

  delete(key: string): void {
    this.#entries.delete(key);
  }

  /** Drops every entry that expired before `now`. */
  sweep(now: number): void {
    for (const [key, entry] of this.#entries) {
      if (entry.expiresAt < now) this.#entries.delete(key);
    }
    this.#sweepAtSize = Math.max(this.#minimumSweepSize, this.#entries.size * 2);
  }

  get size(): number {
    return this.#entries.size;
  }
}
