/** The durable queue the exporter drains; the same methods as storage's LogExportQueue port. */
export interface ExportQueue {
  enqueue(items: readonly string[], maxItems: number): Promise<number>;
  peek(limit: number): Promise<{ seq: number; item: string }[]>;
  acknowledge(throughSeq: number): Promise<void>;
  size(): Promise<number>;
}

export interface RequestLogExporterOptions {
  queue: ExportQueue;
  /** Sends one batch body; rejects on a network error or a non-2xx answer. */
  post: (body: string) => Promise<void>;
  batchSize: number;
  flushIntervalMs: number;
  /** Items kept waiting at most; beyond it the oldest are dropped and counted. */
  maxQueue: number;
  onError: (error: unknown) => void;
}

const MAX_BACKOFF_MS = 60_000;

/**
 * Ships request-log rows (already JSON text) from the durable queue to the export sink in
 * batches of `{"rows":[...]}`. A batch leaves the queue only after the sink accepted it,
 * so a crash mid-post sends it again: delivery is at least once, and rows carry their
 * `request_id` for deduplication downstream. A failing sink is retried with backoff
 * (doubling from `flushIntervalMs` to 60 s); rows wait on disk meanwhile, across restarts.
 */
export class RequestLogExporter {
  readonly #options: RequestLogExporterOptions;
  #timer: NodeJS.Timeout | undefined;
  #pass: Promise<boolean> | undefined;
  #delayMs: number;
  #stopped = false;
  #dropped = 0;
  #queued = 0;

  constructor(options: RequestLogExporterOptions) {
    this.#options = options;
    this.#delayMs = options.flushIntervalMs;
  }

  /** Starts the shipping loop; rows left by an earlier run go first. */
  start(): void {
    void this.#options.queue.size().then((size) => {
      this.#queued = size;
    }, this.#options.onError);
    this.#schedule(0);
  }

  /** Queues rows for shipping (called with each request-log batch as it is written). */
  async enqueue(items: readonly string[]): Promise<void> {
    const dropped = await this.#options.queue.enqueue(items, this.#options.maxQueue);
    this.#dropped += dropped;
    this.#queued = Math.min(this.#options.maxQueue, this.#queued + items.length);
  }

  /** Ships until the queue is empty or the sink fails; true when it emptied. One pass at a time. */
  shipNow(): Promise<boolean> {
    this.#pass ??= this.#shipAll().finally(() => {
      this.#pass = undefined;
    });
    return this.#pass;
  }

  /** Rows dropped because the queue was full. */
  get dropped(): number {
    return this.#dropped;
  }

  /** Rows waiting, as of the last enqueue or pass (for a synchronous metrics scrape). */
  get queuedApprox(): number {
    return this.#queued;
  }

  /** Stops the loop and ships what it can within `deadlineMs`; the rest stays queued for the next start. */
  async close(deadlineMs: number): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, deadlineMs);
    });
    await Promise.race([this.shipNow().then(() => undefined), deadline]);
    clearTimeout(timer);
  }

  #schedule(delayMs: number): void {
    if (this.#stopped) return;
    this.#timer = setTimeout(() => {
      void this.shipNow().then((emptied) => {
        this.#delayMs = emptied ? this.#options.flushIntervalMs : Math.min(MAX_BACKOFF_MS, this.#delayMs * 2);
        this.#schedule(this.#delayMs);
      });
    }, delayMs).unref();
  }

  async #shipAll(): Promise<boolean> {
    const { queue, post, batchSize } = this.#options;
    try {
      for (;;) {
        const batch = await queue.peek(batchSize);
        if (batch.length === 0) break;
        // The rows are JSON already: joined, never parsed again.
        await post(`{"rows":[${batch.map((entry) => entry.item).join(',')}]}`);
        await queue.acknowledge(batch[batch.length - 1]!.seq);
      }
      this.#queued = 0;
      return true;
    } catch (error) {
      this.#options.onError(error);
      this.#queued = await queue.size().catch(() => this.#queued);
      return false;
    }
  }
}
