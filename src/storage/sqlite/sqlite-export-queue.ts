import type { LogExportQueue, QueuedExport } from '../ports.js';
import type { SqliteDatabase } from './open-sqlite-database.js';

/**
 * The log-export queue on disk (`log_export_queue`, migration 6). Items leave only from
 * the front (acknowledged or dropped as oldest), so the live `seq` values are one
 * contiguous run and the size is `max - min + 1`: two index lookups, never a count.
 */
export class SqliteExportQueue implements LogExportQueue {
  readonly #enqueue: (items: readonly string[], maxItems: number) => number;
  readonly #peek;
  readonly #acknowledge;
  readonly #bounds;

  constructor(database: SqliteDatabase) {
    const insert = database.prepare('INSERT INTO log_export_queue (item) VALUES (?)');
    const bounds = database.prepare('SELECT min(seq) AS low, max(seq) AS high FROM log_export_queue');
    const dropThrough = database.prepare('DELETE FROM log_export_queue WHERE seq <= ?');
    this.#bounds = () => bounds.get() as { low: number | null; high: number | null };
    this.#enqueue = database.transaction((items: readonly string[], maxItems: number) => {
      for (const item of items) insert.run(item);
      const { low, high } = this.#bounds();
      const size = low === null || high === null ? 0 : high - low + 1;
      const over = size - maxItems;
      if (over <= 0) return 0;
      dropThrough.run(low! + over - 1);
      return over;
    });
    this.#peek = database.prepare('SELECT seq, item FROM log_export_queue ORDER BY seq LIMIT ?');
    this.#acknowledge = dropThrough;
  }

  async enqueue(items: readonly string[], maxItems: number): Promise<number> {
    return items.length === 0 ? 0 : this.#enqueue(items, maxItems);
  }

  async peek(limit: number): Promise<QueuedExport[]> {
    return this.#peek.all(limit) as QueuedExport[];
  }

  async acknowledge(throughSeq: number): Promise<void> {
    this.#acknowledge.run(throughSeq);
  }

  async size(): Promise<number> {
    const { low, high } = this.#bounds();
    return low === null || high === null ? 0 : high - low + 1;
  }
}
