/** Time source, injected so time-based logic is testable. Epoch milliseconds. */
export interface Clock {
  now(): number;
  /** High-resolution monotonic milliseconds, for measuring durations. */
  monotonic(): number;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  monotonic: () => performance.now(),
};

/** Milliseconds from `since` (a `monotonic()` reading) to `now`, rounded to microseconds. */
export function elapsedMs(since: number, now: number): number {
  return Math.round((now - since) * 1000) / 1000;
}
