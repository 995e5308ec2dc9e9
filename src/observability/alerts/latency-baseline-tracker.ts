import type { Alert } from './alert.js';
import type { LatencyRule } from './alert-rules.js';
import { formatDuration } from './format-duration.js';
import { histogramMedian, LATENCY_BINS, latencyBin } from './latency-histogram.js';

const WINDOW_SLOTS = 10;
const BASELINE_SLOTS = 60;

interface Ring {
  slotMs: number;
  /** Per slot: which step of time it holds (-1: empty). */
  steps: Float64Array;
  histograms: (Uint32Array | undefined)[];
  counts: Uint32Array;
}

interface Deployment {
  windowMs: number;
  baselineMs: number;
  recent: Ring;
  baseline: Ring;
  /** Running sums over each ring's live slots, so evaluating reads two histograms only. */
  recentTotal: Uint32Array;
  recentCount: number;
  baselineTotal: Uint32Array;
  baselineCount: number;
  /** The baseline step before which slots have expired, as of the last sweep. */
  baselineCutoff: number;
  lastAt: number;
}

function ring(slots: number, spanMs: number, slotCount: number): Ring {
  return { slotMs: Math.max(1, Math.ceil(spanMs / slots)), steps: new Float64Array(slotCount).fill(-1), histograms: new Array<undefined>(slotCount), counts: new Uint32Array(slotCount) };
}

function addInto(target: Uint32Array, source: Uint32Array, sign: 1 | -1): void {
  for (let bin = 0; bin < LATENCY_BINS; bin += 1) target[bin]! += sign * source[bin]!;
}

/**
 * Each deployment's median latency of successful attempts over the last `windowMs`
 * against the median over the `baselineMs` before it (`alerts.latency`).
 *
 * Memory is fixed per deployment whatever the traffic: latencies go into log-scale
 * histograms (96 bins, 15% wide), in a ring of 10 slots covering the window; a slot that
 * leaves the window is merged into a ring of 60 coarser slots covering the baseline. A
 * histogram, unlike a reservoir sample, merges exactly and needs no randomness, and its
 * median is within a few percent, which a "3x slower" rule does not notice. Edges move in
 * steps of a tenth of the window and a sixtieth of the baseline.
 */
export class LatencyBaselineTracker {
  #deployments = new Map<string, Deployment>();

  /** Counts one successful attempt of `provider`/`model` taking `latencyMs`, ended at `at`. */
  record(provider: string, model: string, latencyMs: number, at: number, rule: LatencyRule): void {
    const key = `${provider}/${model}`;
    let deployment = this.#deployments.get(key);
    if (!deployment || deployment.windowMs !== rule.windowMs || deployment.baselineMs !== rule.baselineMs) {
      deployment = {
        windowMs: rule.windowMs,
        baselineMs: rule.baselineMs,
        recent: ring(WINDOW_SLOTS, rule.windowMs, WINDOW_SLOTS),
        // Two spare slots: the live steps span one more than the slot count, plus the partial one.
        baseline: ring(BASELINE_SLOTS, rule.baselineMs, BASELINE_SLOTS + 2),
        recentTotal: new Uint32Array(LATENCY_BINS),
        recentCount: 0,
        baselineTotal: new Uint32Array(LATENCY_BINS),
        baselineCount: 0,
        baselineCutoff: -1,
        lastAt: at,
      };
      this.#deployments.set(key, deployment);
    }
    this.#advance(deployment, at);
    const recent = deployment.recent;
    const step = Math.floor(at / recent.slotMs);
    const slot = step % WINDOW_SLOTS;
    if (recent.steps[slot] !== step) {
      if (recent.steps[slot]! > step) return;
      recent.steps[slot] = step;
    }
    const histogram = (recent.histograms[slot] ??= new Uint32Array(LATENCY_BINS));
    const bin = latencyBin(latencyMs);
    histogram[bin]! += 1;
    recent.counts[slot]! += 1;
    deployment.recentTotal[bin]! += 1;
    deployment.recentCount += 1;
    deployment.lastAt = Math.max(deployment.lastAt, at);
  }

  /** Median latencies (ms) and request counts of the window and the baseline ending at `now`. */
  medians(provider: string, model: string, now: number): { window: number | undefined; windowCount: number; baseline: number | undefined; baselineCount: number } {
    const deployment = this.#deployments.get(`${provider}/${model}`);
    if (!deployment) return { window: undefined, windowCount: 0, baseline: undefined, baselineCount: 0 };
    this.#advance(deployment, now);
    const { recentTotal, recentCount, baselineTotal, baselineCount } = deployment;
    return {
      window: recentCount > 0 ? histogramMedian(recentTotal, recentCount) : undefined,
      windowCount: recentCount,
      baseline: baselineCount > 0 ? histogramMedian(baselineTotal, baselineCount) : undefined,
      baselineCount,
    };
  }

  /** A `latency` alert when the window's median is at least `factor` times the baseline's, both with enough requests. */
  evaluate(provider: string, model: string, now: number, rule: LatencyRule): Alert | undefined {
    const deployment = this.#deployments.get(`${provider}/${model}`);
    if (!deployment || deployment.windowMs !== rule.windowMs || deployment.baselineMs !== rule.baselineMs) return undefined;
    const { window, windowCount, baseline, baselineCount } = this.medians(provider, model, now);
    if (window === undefined || baseline === undefined || windowCount < rule.minRequests || baselineCount < rule.minRequests) return undefined;
    if (window < rule.factor * baseline) return undefined;
    const ratio = Math.round((window / baseline) * 10) / 10;
    const subject = `${provider}/${model}`;
    return {
      kind: 'latency',
      severity: 'warning',
      subject,
      message: `Deployment ${subject}: median latency ${Math.round(window)} ms over the last ${formatDuration(rule.windowMs)}, ${ratio}x its baseline of ${Math.round(baseline)} ms (the ${formatDuration(rule.baselineMs)} before).`,
      details: {
        provider,
        model,
        window_median_ms: Math.round(window),
        baseline_median_ms: Math.round(baseline),
        ratio,
        factor: rule.factor,
        window_requests: windowCount,
        baseline_requests: baselineCount,
        window_ms: rule.windowMs,
        baseline_ms: rule.baselineMs,
      },
      at: now,
    };
  }

  /** Forgets deployments with no request in their window and baseline. */
  prune(now: number): void {
    for (const [key, deployment] of this.#deployments) if (deployment.lastAt <= now - deployment.windowMs - deployment.baselineMs) this.#deployments.delete(key);
  }

  /** How many deployments are tracked. */
  get size(): number {
    return this.#deployments.size;
  }

  // Moves window slots that aged out into the baseline, and drops baseline slots older than it.
  #advance(deployment: Deployment, now: number): void {
    const { recent, baseline } = deployment;
    const cutoff = Math.floor((now - deployment.windowMs - deployment.baselineMs) / baseline.slotMs);
    const current = Math.floor(now / recent.slotMs);
    for (let slot = 0; slot < WINDOW_SLOTS; slot += 1) {
      const step = recent.steps[slot]!;
      if (step < 0 || step > current - WINDOW_SLOTS) continue;
      const histogram = recent.histograms[slot]!;
      const count = recent.counts[slot]!;
      addInto(deployment.recentTotal, histogram, -1);
      deployment.recentCount -= count;
      this.#addToBaseline(deployment, Math.floor((step * recent.slotMs) / baseline.slotMs), cutoff, histogram, count);
      histogram.fill(0);
      recent.counts[slot] = 0;
      recent.steps[slot] = -1;
    }
    if (cutoff === deployment.baselineCutoff) return;
    deployment.baselineCutoff = cutoff;
    for (let slot = 0; slot < baseline.steps.length; slot += 1) {
      const step = baseline.steps[slot]!;
      if (step >= 0 && step < cutoff) this.#expireBaselineSlot(deployment, slot);
    }
  }

  #addToBaseline(deployment: Deployment, step: number, cutoff: number, histogram: Uint32Array, count: number): void {
    const baseline = deployment.baseline;
    if (step < cutoff) return;
    const slot = step % baseline.steps.length;
    if (baseline.steps[slot] !== step) {
      if (baseline.steps[slot]! > step) return;
      if (baseline.steps[slot]! >= 0) this.#expireBaselineSlot(deployment, slot);
      baseline.steps[slot] = step;
    }
    addInto((baseline.histograms[slot] ??= new Uint32Array(LATENCY_BINS)), histogram, 1);
    baseline.counts[slot]! += count;
    addInto(deployment.baselineTotal, histogram, 1);
    deployment.baselineCount += count;
  }

  #expireBaselineSlot(deployment: Deployment, slot: number): void {
    const baseline = deployment.baseline;
    const histogram = baseline.histograms[slot];
    if (histogram) {
      addInto(deployment.baselineTotal, histogram, -1);
      histogram.fill(0);
    }
    deployment.baselineCount -= baseline.counts[slot]!;
    baseline.counts[slot] = 0;
    baseline.steps[slot] = -1;
  }
}
