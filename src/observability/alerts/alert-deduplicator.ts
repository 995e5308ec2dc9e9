import type { Alert } from './alert.js';

/**
 * Lets the same alert (kind and subject) through at most once per window. Entries live in
 * insertion order, which is also the order they were admitted in, so expired ones are
 * swept from the front; `maxEntries` caps the map even if longer windows hold the front.
 */
export class AlertDeduplicator {
  #until = new Map<string, number>();
  readonly #maxEntries: number;

  constructor(maxEntries = 10_000) {
    this.#maxEntries = maxEntries;
  }

  /** True when `alert` may be sent at `now`; it then holds back its repeats for `windowMs`. */
  admit(alert: Pick<Alert, 'kind' | 'subject'>, now: number, windowMs: number): boolean {
    this.prune(now);
    const key = `${alert.kind}\u0000${alert.subject}`;
    const until = this.#until.get(key);
    if (until !== undefined && now < until) return false;
    this.#until.delete(key);
    this.#until.set(key, now + windowMs);
    if (this.#until.size > this.#maxEntries) this.#until.delete(this.#until.keys().next().value!);
    return true;
  }

  /** True while an alert of `kind` about `subject` would be held back at `now` (a cheap check before building one). */
  holds(kind: Alert['kind'], subject: string, now: number): boolean {
    const until = this.#until.get(`${kind}\u0000${subject}`);
    return until !== undefined && now < until;
  }

  /** Drops the leading entries whose window has passed. */
  prune(now: number): void {
    for (const [key, until] of this.#until) {
      if (until > now) return;
      this.#until.delete(key);
    }
  }

  /** How many alerts are being held back (or not yet swept). */
  get size(): number {
    return this.#until.size;
  }
}
