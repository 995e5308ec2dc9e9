import { onRequestEnd } from '../core/events.js';
import type { RequestRecord } from '../core/request-record.js';

export interface RequestLogWriterOptions {
  batchSize: number;
  flushIntervalMs: number;
  maxQueue: number;
  /** Writes one batch; a rejection keeps the batch queued for the next try. */
  write: (records: readonly RequestRecord[]) => Promise<void>;
  onError: (error: unknown) => void;
}

/**
 * Collects request records off the request path and writes them in batches: when a
 * batch fills, or after `flushIntervalMs`. A full queue drops the newest record and
 * counts it, so logging can never block or exhaust memory.
 */
export class RequestLogWriter {
  readonly #options: RequestLogWriterOptions;
  #queue: RequestRecord[] = [];
  #timer: NodeJS.Timeout | undefined;
  #writing: Promise<void> | undefined;
  #scheduled = false;
  #dropped = 0;
  #unsubscribe: (() => void) | undefined;

  constructor(options: RequestLogWriterOptions) {
    this.#options = options;
  }

  /** Starts listening for request records. */
  start(): void {
    this.#unsubscribe ??= onRequestEnd((record) => this.enqueue(record));
  }

  enqueue(record: RequestRecord): void {
    if (this.#queue.length >= this.#options.maxQueue) {
      this.#dropped += 1;
      return;
    }
    this.#queue.push(record);
    // Full batches go at once; a partial one waits for the timer. At most one drain is
    // scheduled, so a burst cannot split into many tiny writes.
    if (this.#queue.length >= this.#options.batchSize && !this.#writing && !this.#scheduled) {
      this.#scheduled = true;
      setImmediate(() => {
        this.#scheduled = false;
        void this.#drain(false);
      });
    }
    this.#timer ??= setTimeout(() => {
      this.#timer = undefined;
      void this.#drain(true);
    }, this.#options.flushIntervalMs);
  }

  /** Records waiting to be written. */
  get queueDepth(): number {
    return this.#queue.length;
  }

  /** Records dropped because the queue was full. */
  get dropped(): number {
    return this.#dropped;
  }

  /** Writes everything queued so far. */
  async flush(): Promise<void> {
    await this.#drain(true);
  }

  /** Stops listening, then writes everything left. */
  async close(): Promise<void> {
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    await this.flush();
  }

  /** Writes full batches, and the partial rest too when `all`; one writer at a time. */
  async #drain(all: boolean): Promise<void> {
    while (this.#writing) await this.#writing;
    if (this.#queue.length === 0) return;
    this.#writing = this.#writeBatches(all).finally(() => {
      this.#writing = undefined;
    });
    await this.#writing;
  }

  async #writeBatches(all: boolean): Promise<void> {
    const { batchSize } = this.#options;
    while (this.#queue.length >= batchSize || (all && this.#queue.length > 0)) {
      const batch = this.#queue.slice(0, batchSize);
      try {
        await this.#options.write(batch);
      } catch (error) {
        this.#options.onError(error);
        this.#timer ??= setTimeout(() => {
          this.#timer = undefined;
          void this.#drain(true);
        }, this.#options.flushIntervalMs);
        return;
      }
      this.#queue = this.#queue.slice(batch.length);
    }
  }
}
