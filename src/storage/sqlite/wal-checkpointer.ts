import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

// The worker is a script of its own (eval), so it runs the same from dist/ and under the
// test runner. It opens its own connection: SQLite lets one connection checkpoint while
// another writes.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const database = new Database(workerData.path, { fileMustExist: true });
database.pragma('busy_timeout = 5000');
const checkpoint = () => {
  try {
    database.pragma('wal_checkpoint(PASSIVE)');
  } catch (error) {
    parentPort.postMessage({ error: String(error && error.message) });
  }
};
const timer = setInterval(checkpoint, workerData.intervalMs);
parentPort.on('message', () => {
  clearInterval(timer);
  checkpoint();
  database.close();
  parentPort.close();
});
`;

export interface WalCheckpointerOptions {
  /** How often the worker checkpoints. */
  intervalMs: number;
  /** Told when a checkpoint fails (the writer's own backstop checkpoint still runs). */
  onError: (error: Error) => void;
}

/**
 * Checkpoints a WAL database from a worker thread. SQLite's automatic checkpoint runs
 * inside the COMMIT that crosses the threshold, on the event loop: with the request log
 * appending thousands of rows a second, that was a 100–125 ms stall every ~50,000 rows
 * (32 MB of WAL), visible as a p99 spike. A PASSIVE checkpoint from another connection
 * never blocks the writer.
 */
export class WalCheckpointer {
  readonly #worker: Worker;
  readonly #exited: Promise<void>;

  constructor(path: string, options: WalCheckpointerOptions) {
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    this.#worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { path, driver, intervalMs: options.intervalMs }, resourceLimits: { maxYoungGenerationSizeMb: 1, maxOldGenerationSizeMb: 8 } });
    this.#worker.on('message', (message: { error?: string }) => {
      if (message.error !== undefined) options.onError(new Error(`WAL checkpoint failed: ${message.error}`));
    });
    this.#worker.on('error', options.onError);
    this.#exited = new Promise((resolve) => this.#worker.once('exit', () => resolve()));
    // A checkpointer must never keep the process alive.
    this.#worker.unref();
  }

  /** A last checkpoint, then the worker ends. */
  stop(): Promise<void> {
    // Held now, so the process waits for the last checkpoint. Posting to a worker that
    // already ended (it failed to open the file) is a no-op.
    this.#worker.ref();
    this.#worker.postMessage('stop');
    return this.#exited;
  }
}
