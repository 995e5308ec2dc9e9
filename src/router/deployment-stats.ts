/** A deployment's identity for statistics: the provider connection's name and its model. */
export function deploymentKey(target: { readonly provider: string; readonly model: string }): string {
  return `${target.provider}/${target.model}`;
}

/** What the strategies read about each deployment; never mutated by them. */
export interface DeploymentStatsView {
  /** Exponentially weighted mean time to first byte, ms; `undefined` before the first sample. */
  ttfbMs(key: string): number | undefined;
  /** Attempts started and not yet ended. */
  inFlight(key: string): number;
  /** Attempts started in the sliding window (the last 60 s). */
  requestsInWindow(key: string): number;
  /** Input plus output tokens reported by attempts that ended in the sliding window. */
  tokensInWindow(key: string): number;
  /** The 95th percentile of the recent TTFB samples (hedging's delay); undefined with too few. */
  ttfbP95Ms(key: string): number | undefined;
}

/** One attempt's record keeper. Both calls are idempotent, so every exit path may call `end`. */
export interface AttemptTracker {
  /** Records a time-to-first-byte sample (at `at`, a reading of the stats' clock; now by default). */
  firstByte(at?: number): void;
  /** Ends the attempt: in flight -1 and, when the upstream reported usage, its tokens. */
  end(tokens?: number): void;
}

/**
 * Weight of a new TTFB sample in the average. 0.3 follows a change within a handful of
 * requests (a sample's weight halves in about two) while one outlier moves it by under a third.
 */
export const TTFB_EWMA_ALPHA = 0.3;
/** The rpm/tpm window: 60 one-second buckets, so memory per deployment is fixed. */
const BUCKETS = 60;
const BUCKET_MS = 1000;
/** Recent TTFB samples kept per deployment for the p95, and how many it needs first. */
const RECENT_SAMPLES = 64;
export const P95_MIN_SAMPLES = 20;

interface Entry {
  inFlight: number;
  ttfb: number | undefined;
  /** The first sample was seen and discarded: it includes the cold connection's setup. */
  warmed: boolean;
  /** The second each bucket currently counts; a bucket from an older second is stale. */
  second: Float64Array;
  requests: Float64Array;
  tokens: Float64Array;
  /** A ring of the latest TTFB samples; `sampleCount` of them are filled. */
  recent: Float64Array;
  sampleCount: number;
}

function newEntry(): Entry {
  return { inFlight: 0, ttfb: undefined, warmed: false, second: new Float64Array(BUCKETS).fill(-Infinity), requests: new Float64Array(BUCKETS), tokens: new Float64Array(BUCKETS), recent: new Float64Array(RECENT_SAMPLES), sampleCount: 0 };
}

/**
 * In-memory, per-process deployment statistics for the routing strategies: TTFB average,
 * in-flight count, and sliding-window request and token counts. No I/O: time comes from
 * the injected monotonic clock (ms), so tests drive it by hand. Round-robin turns per
 * model live here too, being the only other routing state that outlives a request.
 */
export class DeploymentStats implements DeploymentStatsView {
  readonly #clock: () => number;
  readonly #entries = new Map<string, Entry>();
  readonly #turns = new Map<string, number>();

  constructor(clock: () => number) {
    this.#clock = clock;
  }

  ttfbMs(key: string): number | undefined {
    return this.#entries.get(key)?.ttfb;
  }

  ttfbP95Ms(key: string): number | undefined {
    const entry = this.#entries.get(key);
    if (!entry || entry.sampleCount < P95_MIN_SAMPLES) return undefined;
    // Sorting 64 numbers, only for hedged models, once per request.
    const samples = entry.recent.slice(0, Math.min(entry.sampleCount, RECENT_SAMPLES)).sort();
    return samples[Math.min(samples.length - 1, Math.ceil(samples.length * 0.95) - 1)];
  }

  inFlight(key: string): number {
    return this.#entries.get(key)?.inFlight ?? 0;
  }

  requestsInWindow(key: string): number {
    const entry = this.#entries.get(key);
    return entry ? this.#sum(entry, entry.requests) : 0;
  }

  tokensInWindow(key: string): number {
    const entry = this.#entries.get(key);
    return entry ? this.#sum(entry, entry.tokens) : 0;
  }

  /** This model's next round-robin turn: 0, 1, 2... */
  nextTurn(modelName: string): number {
    const turn = this.#turns.get(modelName) ?? 0;
    this.#turns.set(modelName, turn + 1 >= Number.MAX_SAFE_INTEGER ? 0 : turn + 1);
    return turn;
  }

  /** Starts an attempt on a deployment: in flight +1, one request in the window. */
  start(key: string): AttemptTracker {
    let entry = this.#entries.get(key);
    if (!entry) {
      entry = newEntry();
      this.#entries.set(key, entry);
    }
    const tracked = entry;
    const startedAt = this.#clock();
    this.#add(tracked, tracked.requests, 1, startedAt);
    tracked.inFlight += 1;
    let sampled = false;
    let ended = false;
    return {
      firstByte: (at = this.#clock()) => {
        if (sampled || ended) return;
        sampled = true;
        if (!tracked.warmed) {
          // A deployment's first answer pays for connecting (TCP, TLS): it is not its latency.
          tracked.warmed = true;
          return;
        }
        const sample = Math.max(0, at - startedAt);
        tracked.ttfb = tracked.ttfb === undefined ? sample : TTFB_EWMA_ALPHA * sample + (1 - TTFB_EWMA_ALPHA) * tracked.ttfb;
        tracked.recent[tracked.sampleCount % RECENT_SAMPLES] = sample;
        tracked.sampleCount += 1;
      },
      end: (tokens) => {
        if (ended) return;
        ended = true;
        tracked.inFlight -= 1;
        if (tokens !== undefined && tokens > 0) this.#add(tracked, tracked.tokens, tokens, this.#clock());
      },
    };
  }

  #add(entry: Entry, counts: Float64Array, amount: number, at: number): void {
    const second = Math.floor(at / BUCKET_MS);
    const index = ((second % BUCKETS) + BUCKETS) % BUCKETS;
    if (entry.second[index] !== second) {
      entry.second[index] = second;
      entry.requests[index] = 0;
      entry.tokens[index] = 0;
    }
    counts[index] = counts[index]! + amount;
  }

  #sum(entry: Entry, counts: Float64Array): number {
    const now = Math.floor(this.#clock() / BUCKET_MS);
    let total = 0;
    for (let index = 0; index < BUCKETS; index += 1) {
      const second = entry.second[index]!;
      if (second > now - BUCKETS && second <= now) total += counts[index]!;
    }
    return total;
  }
}
