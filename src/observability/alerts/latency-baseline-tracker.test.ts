import { describe, expect, it } from 'vitest';
import { LatencyBaselineTracker } from './latency-baseline-tracker.js';
import { histogramMedian, LATENCY_BINS, latencyBin } from './latency-histogram.js';

const rule = { factor: 3, windowMs: 60_000, baselineMs: 600_000, minRequests: 5 };
const T0 = 1_000_000_000 - (1_000_000_000 % 600_000);

function feed(tracker: LatencyBaselineTracker, latencies: number[], from: number, everyMs: number, model = 'gpt-4o'): number {
  let at = from;
  for (const latency of latencies) {
    tracker.record('openai', model, latency, at, rule);
    at += everyMs;
  }
  return at;
}

describe('LatencyBaselineTracker', () => {
  it('alerts when the window median is factor times the baseline median', () => {
    const tracker = new LatencyBaselineTracker();
    // Ten minutes of ~200 ms, a quiet minute, then half a minute of ~900 ms.
    let at = feed(tracker, Array.from({ length: 100 }, (_, index) => 180 + (index % 5) * 10), T0, 6000);
    expect(tracker.evaluate('openai', 'gpt-4o', at, rule)).toBeUndefined();
    at = feed(tracker, [900, 880, 950, 910, 905, 920], at + 60_000, 5000);
    const medians = tracker.medians('openai', 'gpt-4o', at);
    expect(medians.windowCount).toBe(6);
    expect(Math.abs(medians.window! / 905 - 1)).toBeLessThan(0.08);
    expect(Math.abs(medians.baseline! / 200 - 1)).toBeLessThan(0.08);
    const alert = tracker.evaluate('openai', 'gpt-4o', at, rule);
    expect(alert).toMatchObject({ kind: 'latency', severity: 'warning', subject: 'openai/gpt-4o', at });
    expect(alert?.details).toMatchObject({ provider: 'openai', model: 'gpt-4o', window_requests: 6, factor: 3 });
    expect(alert?.details.baseline_requests).toBeGreaterThanOrEqual(rule.minRequests);
    expect(tracker.evaluate('openai', 'other', at, rule)).toBeUndefined();
  });

  it('stays quiet below the factor or without enough requests on either side', () => {
    const tracker = new LatencyBaselineTracker();
    let at = feed(tracker, Array(60).fill(300), T0, 10_000);
    at = feed(tracker, Array(6).fill(800), at, 5000);
    expect(tracker.evaluate('openai', 'gpt-4o', at, rule)).toBeUndefined();
    at = feed(tracker, Array(4).fill(5000), at + 120_000, 1000);
    expect(tracker.medians('openai', 'gpt-4o', at).windowCount).toBe(4);
    expect(tracker.evaluate('openai', 'gpt-4o', at, rule)).toBeUndefined();

    const fresh = new LatencyBaselineTracker();
    const end = feed(fresh, Array(4).fill(100), T0, 1000);
    feed(fresh, Array(10).fill(5000), end + 65_000, 1000);
    expect(fresh.medians('openai', 'gpt-4o', end + 75_000).baselineCount).toBe(4);
    expect(fresh.evaluate('openai', 'gpt-4o', end + 75_000, rule)).toBeUndefined();
  });

  it('moves requests from the window into the baseline and drops them after it', () => {
    const tracker = new LatencyBaselineTracker();
    feed(tracker, Array(10).fill(100), T0, 1000);
    expect(tracker.medians('openai', 'gpt-4o', T0 + 10_000)).toMatchObject({ windowCount: 10, baselineCount: 0 });
    expect(tracker.medians('openai', 'gpt-4o', T0 + 80_000)).toMatchObject({ windowCount: 0, baselineCount: 10 });
    expect(tracker.medians('openai', 'gpt-4o', T0 + 700_000)).toMatchObject({ windowCount: 0, baselineCount: 0 });
    tracker.prune(T0 + 700_000);
    expect(tracker.size).toBe(0);
  });

  it('counts each request once, in the window or the baseline, under heavy traffic', () => {
    const tracker = new LatencyBaselineTracker();
    for (let index = 0; index < 100_000; index += 1) tracker.record('openai', 'gpt-4o', 100 + (index % 50), T0 + index * 7, rule);
    const medians = tracker.medians('openai', 'gpt-4o', T0 + 700_000);
    // One request every 7 ms; the window's edge moves in 6 s steps, the baseline's in 10 s.
    expect(medians.windowCount).toBeGreaterThanOrEqual(Math.floor(54_000 / 7));
    expect(medians.windowCount).toBeLessThanOrEqual(Math.ceil(60_000 / 7));
    expect(medians.baselineCount).toBeGreaterThanOrEqual(Math.floor(590_000 / 7));
    expect(medians.baselineCount).toBeLessThanOrEqual(Math.ceil(616_000 / 7));
    expect(Math.abs(medians.baseline! / 125 - 1)).toBeLessThan(0.08);
    expect(tracker.size).toBe(1);
  });
});

describe('latency histogram', () => {
  it('bins latencies on a log scale and reads a median within a bin', () => {
    expect(latencyBin(0)).toBe(0);
    expect(latencyBin(Number.NaN)).toBe(0);
    expect(latencyBin(1)).toBe(1);
    expect(latencyBin(1e9)).toBe(LATENCY_BINS - 1);
    const histogram = new Uint32Array(LATENCY_BINS);
    for (const latency of [10, 20, 1000, 1100, 1200]) histogram[latencyBin(latency)]! += 1;
    const median = histogramMedian(histogram, 5);
    expect(median).toBeGreaterThan(1000);
    expect(median).toBeLessThan(1200);
  });
});
