// Bins grow by 15%: a median read from them is within about 7% of the true one, which is
// plenty for "several times slower than usual", and 96 bins reach past 9 minutes.
const RATIO = 1.15;
const LOG_RATIO = Math.log(RATIO);

/** Bins of a latency histogram: bin 0 holds under 1 ms, bin i holds [1.15^(i-1), 1.15^i) ms, the last also everything slower. */
export const LATENCY_BINS = 96;

/** The bin a latency (ms) falls into. */
export function latencyBin(ms: number): number {
  if (!(ms >= 1)) return 0;
  return Math.min(LATENCY_BINS - 1, 1 + Math.floor(Math.log(ms) / LOG_RATIO));
}

/** The median (ms) of `count` latencies in a histogram: the geometric middle of the bin holding it. */
export function histogramMedian(histogram: Uint32Array, count: number): number {
  const half = Math.ceil(count / 2);
  let seen = 0;
  let bin = 0;
  for (; bin < LATENCY_BINS - 1; bin += 1) {
    seen += histogram[bin]!;
    if (seen >= half) break;
  }
  return bin === 0 ? 0.5 : RATIO ** (bin - 0.5);
}
