import type { Registry } from 'prom-client';
import { Counter } from 'prom-client';
import { LabeledChildren } from './labeled-children.js';

/** One label tuple's running total. */
export interface CounterCell {
  readonly child: Counter.Internal;
  total: number;
}

/** Configuration of a {@link ScrapeTimeCounter}. */
export interface ScrapeTimeCounterOptions {
  name: string;
  help: string;
  labelNames: readonly string[];
  /** Totals are divided by this when scraped: 1,000,000 turns integer micro-dollars into dollars. Default 1. */
  divisor?: number;
}

/**
 * A counter whose totals are plain numbers in a map, handed to prom-client only when
 * scraped. prom-client hashes and validates the label set on every `inc`, even through a
 * child; the request path adds to a number instead. Money stays integer here: adding
 * fractional dollars per request would drift (0.1 + 0.2), integer micro-dollar sums are
 * exact up to 2^53.
 */
export class ScrapeTimeCounter {
  readonly #cells: LabeledChildren<CounterCell>;

  constructor(register: Registry, options: ScrapeTimeCounterOptions) {
    const { divisor = 1, ...metricOptions } = options;
    const metric = new Counter({
      ...metricOptions,
      registers: [register],
      collect() {
        this.reset();
        for (const cell of cells.all()) cell.child.inc(cell.total / divisor);
      },
    });
    const cells = new LabeledChildren<CounterCell>((values) => ({ child: metric.labels(...values), total: 0 }));
    this.#cells = cells;
  }

  /** Adds `amount` (non-negative; 1 by default) to the series with these label values, in `labelNames` order. */
  add(values: string[], amount = 1): void {
    this.#cells.get(values).total += amount;
  }

  /** The cell for these label values, for callers that add to it often. */
  cell(values: string[]): CounterCell {
    return this.#cells.get(values);
  }
}
