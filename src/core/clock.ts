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
