import type { LogExportQueue, QueuedExport } from '../ports.js';

/** The log-export queue in memory (tests, `sqlite::memory:` runs): not durable. */
export class MemoryExportQueue implements LogExportQueue {
  #items: QueuedExport[] = [];
  #nextSeq = 1;

  async enqueue(items: readonly string[], maxItems: number): Promise<number> {
    for (const item of items) this.#items.push({ seq: this.#nextSeq++, item });
    const over = Math.max(0, this.#items.length - maxItems);
    if (over > 0) this.#items = this.#items.slice(over);
    return over;
  }

  async peek(limit: number): Promise<QueuedExport[]> {
    return this.#items.slice(0, limit).map((entry) => ({ ...entry }));
  }

  async acknowledge(throughSeq: number): Promise<void> {
    this.#items = this.#items.filter((entry) => entry.seq > throughSeq);
  }

  async size(): Promise<number> {
    return this.#items.length;
  }
}
