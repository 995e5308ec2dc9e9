/** Label value for an absent caller (master key, no auth, no team). */
export const NO_LABEL_VALUE = 'none';

/** Label value shared by every caller seen after the cap filled. */
export const OTHER_LABEL_VALUE = '_other';

/**
 * Bounds a label's cardinality: the first `max` distinct values keep their own series,
 * later ones share `_other`. Prometheus keeps every series it ever saw in memory, so an
 * unbounded key or model label would grow with the caller population (or an attacker's
 * imagination).
 */
export class CallerLabelCap {
  readonly #max: number;
  readonly #admitted = new Set<string>();

  constructor(max: number) {
    if (!Number.isInteger(max) || max < 0) throw new RangeError(`label cap must be a non-negative integer, got ${max}`);
    this.#max = max;
  }

  /** The label value to record for `value`: itself, `none` when undefined, or `_other` once the cap is full. */
  label(value: string | undefined): string {
    if (value === undefined) return NO_LABEL_VALUE;
    if (this.#admitted.has(value)) return value;
    if (this.#admitted.size >= this.#max) return OTHER_LABEL_VALUE;
    this.#admitted.add(value);
    return value;
  }

  /** Distinct values admitted so far. */
  get size(): number {
    return this.#admitted.size;
  }
}
