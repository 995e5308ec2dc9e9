import type { Registry } from 'prom-client';
import { Counter, Gauge } from 'prom-client';

/** Live readings the metrics take at scrape time from the parts that own them. */
export interface MetricsSources {
  /** Data-plane requests currently being served. */
  inFlight(): number;
  /** Request records waiting to be written to the request log. */
  logQueueDepth(): number;
  /** Request records dropped since start because the log queue was full (a running total). */
  logDropped(): number;
  /** Rows waiting in the log-export queue; omit when log export is off. */
  exportQueueDepth?(): number;
  /** Rows dropped from the full log-export queue since start (a running total); omit when log export is off. */
  exportDropped?(): number;
}

function gauge(register: Registry, name: string, help: string, read: () => number): void {
  new Gauge({
    name,
    help,
    registers: [register],
    collect() {
      this.set(read());
    },
  });
}

/**
 * A counter mirroring a running total owned elsewhere. It adds the growth since the last
 * scrape, so it never decreases; if the total falls (its owner restarted from zero),
 * everything counted since is new and is added whole, as Prometheus treats a reset.
 */
function runningTotal(register: Registry, name: string, help: string, read: () => number): void {
  let last = 0;
  new Counter({
    name,
    help,
    registers: [register],
    collect() {
      const total = read();
      if (!Number.isFinite(total) || total < 0) return;
      this.inc(total >= last ? total - last : total);
      last = total;
    },
  });
}

/** Registers the scrape-time series read from `sources`; the log-export ones only when the sources have them. */
export function registerSourceMetrics(register: Registry, sources: MetricsSources): void {
  gauge(register, 'switchyard_requests_in_flight', 'Data-plane requests currently being served by this process.', () => sources.inFlight());
  gauge(register, 'switchyard_request_log_queue_depth', 'Request records waiting to be written to the request log.', () => sources.logQueueDepth());
  runningTotal(register, 'switchyard_request_log_dropped_total', 'Request records dropped because the request-log queue was full.', () => sources.logDropped());
  const { exportQueueDepth, exportDropped } = sources;
  if (exportQueueDepth) {
    gauge(register, 'switchyard_log_export_queue_depth', 'Request-log rows waiting to be shipped to the log-export endpoint.', () => exportQueueDepth.call(sources));
  }
  if (exportDropped) {
    runningTotal(register, 'switchyard_log_export_dropped_total', 'Request-log rows dropped from the log-export queue (oldest first) because it was full.', () => exportDropped.call(sources));
  }
}
