import type { Registry } from 'prom-client';
import { LabeledChildren } from './labeled-children.js';

/** One label tuple's buckets: plain numbers, read only when scraped. */
export class HistogramCell {
  readonly labels: Record<string, string>;
  /** Observations per bucket (not cumulative); the last slot is `+Inf`. */
  readonly counts: Float64Array;
  sum = 0;
  count = 0;
  readonly #bounds: readonly number[];

  constructor(bounds: readonly number[], labels: Record<string, string>) {
    this.#bounds = bounds;
    this.labels = labels;
    this.counts = new Float64Array(bounds.length + 1);
  }

  observe(value: number): void {
    const bounds = this.#bounds;
    let index = 0;
    // A dozen buckets: a linear scan beats a binary search here.
    while (index < bounds.length && value > bounds[index]!) index += 1;
    this.counts[index] = this.counts[index]! + 1;
    this.sum += value;
    this.count += 1;
  }
}

export interface ScrapeTimeHistogramOptions {
  name: string;
  help: string;
  labelNames: readonly string[];
  /** Upper bounds, ascending; `+Inf` is implied. */
  buckets: readonly number[];
}

interface Sample {
  labels: Record<string, string | number>;
  value: number;
  metricName: string;
}

/**
 * A histogram that counts into arrays and builds the exposition only when scraped, the
 * way ScrapeTimeCounter does for counters. prom-client's Histogram validates and hashes
 * the label set on every observation, even through a child; this one is registered on the
 * registry as a custom metric (its public `registerMetric` contract: name, help, type,
 * aggregator, get, reset).
 */
export class ScrapeTimeHistogram {
  readonly name: string;
  readonly help: string;
  readonly type = 'histogram';
  readonly aggregator = 'sum';
  readonly #bounds: readonly number[];
  readonly #cells: LabeledChildren<HistogramCell>;

  constructor(register: Registry, options: ScrapeTimeHistogramOptions) {
    this.name = options.name;
    this.help = options.help;
    this.#bounds = options.buckets;
    const { labelNames } = options;
    this.#cells = new LabeledChildren((values) => new HistogramCell(this.#bounds, Object.fromEntries(labelNames.map((name, index) => [name, values[index]!]))));
    register.registerMetric(this as unknown as Parameters<Registry['registerMetric']>[0]);
  }

  /** The cell for these label values (in `labelNames` order), created on first use. */
  cell(values: string[]): HistogramCell {
    return this.#cells.get(values);
  }

  get(): Promise<{ name: string; help: string; type: string; aggregator: string; values: Sample[] }> {
    const values: Sample[] = [];
    const bucketName = `${this.name}_bucket`;
    for (const cell of this.#cells.all()) {
      let cumulative = 0;
      this.#bounds.forEach((bound, index) => {
        cumulative += cell.counts[index]!;
        values.push({ labels: { le: bound, ...cell.labels }, value: cumulative, metricName: bucketName });
      });
      values.push({ labels: { le: '+Inf', ...cell.labels }, value: cell.count, metricName: bucketName });
      values.push({ labels: { ...cell.labels }, value: cell.sum, metricName: `${this.name}_sum` });
      values.push({ labels: { ...cell.labels }, value: cell.count, metricName: `${this.name}_count` });
    }
    return Promise.resolve({ name: this.name, help: this.help, type: this.type, aggregator: this.aggregator, values });
  }

  /** prom-client's `Registry.resetMetrics()` calls this. */
  reset(): void {
    for (const cell of this.#cells.all()) {
      cell.counts.fill(0);
      cell.sum = 0;
      cell.count = 0;
    }
  }
}
