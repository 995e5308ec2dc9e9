export interface RetentionJobOptions {
  /** Read at every run, so a reload takes effect; undefined keeps everything. */
  retentionDays: () => number | undefined;
  /** Deletes request-log rows (and payloads) older than the cutoff; resolves to how many went. */
  deleteBefore: (cutoff: number) => Promise<number>;
  now: () => number;
  intervalMs?: number;
  /** The first run comes this long after start, off the startup path. */
  firstRunAfterMs?: number;
  onDeleted: (rows: number, cutoff: number) => void;
  onError: (error: unknown) => void;
}

const DAY_MS = 86_400_000;

/**
 * Deletes request-log rows older than `observability.retention_days`, hourly by default.
 * One run at a time; timers are unref'd so they never keep the process alive. Returns
 * `{ runNow, stop }`; `stop` waits for a run in progress.
 */
export function startRetentionJob(options: RetentionJobOptions): { runNow(): Promise<void>; stop(): Promise<void> } {
  const { intervalMs = 3_600_000, firstRunAfterMs = 10_000 } = options;
  let running: Promise<void> | undefined;
  let stopped = false;

  const runNow = (): Promise<void> => {
    running ??= (async () => {
      const days = options.retentionDays();
      if (days === undefined) return;
      const cutoff = options.now() - days * DAY_MS;
      const deleted = await options.deleteBefore(cutoff);
      if (deleted > 0) options.onDeleted(deleted, cutoff);
    })()
      .catch(options.onError)
      .finally(() => {
        running = undefined;
      });
    return running;
  };

  let timer = setTimeout(function tick() {
    void runNow().then(() => {
      if (!stopped) timer = setTimeout(tick, intervalMs).unref();
    });
  }, firstRunAfterMs).unref();

  return {
    runNow,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
