// Load generators. Both are bounded in time and in request count and stop by themselves.
//  - closedLoop: autocannon, N connections each sending the next request as soon as the
//    previous answer is in (throughput).
//  - openLoop: requests started on a fixed schedule (rate per second) whatever the answers
//    do, on undici's Pool.request(); latency is timed from the moment each request is
//    started, so a server that falls behind shows its queueing (no coordinated omission).
import autocannon from 'autocannon';
import { Pool } from 'undici';
import { performance } from 'node:perf_hooks';

export async function closedLoop({ url, headers, body, connections = 64, durationS, timeoutS = 10 }) {
  // Our own per-second count of 2xx answers (autocannon's own per-second percentiles are
  // taken from a histogram that can report 0 for a median when the seconds vary a lot).
  const perSecond = new Array(Math.ceil(durationS) + 2).fill(0);
  let t0 = 0;
  const r = await new Promise((resolve, reject) => {
    const inst = autocannon(
      { url, method: 'POST', headers, body, connections, pipelining: 1, duration: durationS, timeout: timeoutS },
      (err, res) => (err ? reject(err) : resolve(res)),
    );
    inst.on('start', () => (t0 = performance.now()));
    inst.on('response', (_client, statusCode) => {
      if (statusCode < 200 || statusCode >= 300) return;
      const sec = Math.floor((performance.now() - t0) / 1000);
      if (sec < perSecond.length) perSecond[sec]++;
    });
  });
  const ok = r['2xx'];
  // Whole seconds only (the last partial second is left out).
  const full = perSecond.slice(0, Math.max(1, Math.floor(r.duration))).sort((a, b) => a - b);
  const median = full[Math.floor((full.length - 1) / 2)];
  return {
    // The median second: one second disturbed by another process on the machine does not
    // move it; meanRps is total/time.
    rps: median > 0 ? median : ok / r.duration,
    meanRps: ok / r.duration,
    perSecond: { min: full[0], p50: median, max: full[full.length - 1] },
    ok,
    non2xx: r.non2xx,
    errors: r.errors,
    timeouts: r.timeouts,
    durationS: r.duration,
    latencyMs: { p50: r.latency.p50, p99: r.latency.p99, mean: r.latency.mean },
  };
}

export function percentile(sorted, p) {
  if (sorted.length === 0) return null;
  const idx = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[idx];
}

function summarize(values) {
  const a = Float64Array.from(values.filter((v) => Number.isFinite(v))).sort();
  return { n: a.length, p50: percentile(a, 50), p90: percentile(a, 90), p99: percentile(a, 99), max: a.length ? a[a.length - 1] : null };
}

/**
 * Open-loop load: `rate` requests per second for `durationS` seconds (so exactly
 * round(rate * durationS) requests), then waits for the answers, at most `graceMs` more.
 * For stream: true it also times the first body byte (TTFB) and checks the stream
 * ends with `data: [DONE]`. `onProgress(stats)` is called once a second.
 */
export async function openLoop({
  origin,
  path = '/v1/chat/completions',
  headers,
  body,
  rate,
  durationS,
  stream = false,
  connections = 256,
  timeoutMs = 30_000,
  graceMs = 15_000,
}) {
  const total = Math.max(1, Math.round(rate * durationS));
  const pool = new Pool(origin, {
    connections,
    pipelining: 1,
    keepAliveTimeout: 60_000,
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
    connect: { timeout: 10_000 },
  });
  const latency = new Float64Array(total).fill(NaN);
  const ttfb = new Float64Array(total).fill(NaN);
  const lateness = new Float64Array(total).fill(NaN);
  const errors = {};
  const countError = (k) => (errors[k] = (errors[k] ?? 0) + 1);
  let sent = 0;
  let finished = 0;
  let inFlight = 0;
  let maxInFlight = 0;
  let resolveDone;
  const allDone = new Promise((r) => (resolveDone = r));
  const settle = () => {
    finished++;
    inFlight--;
    if (finished === total) resolveDone();
  };

  const fire = (i, scheduledAt) => {
    const start = performance.now();
    lateness[i] = start - scheduledAt;
    inFlight++;
    if (inFlight > maxInFlight) maxInFlight = inFlight;
    pool
      .request({ path, method: 'POST', headers, body })
      .then(async (res) => {
        if (res.statusCode !== 200) {
          countError(`http_${res.statusCode}`);
          await res.body.dump().catch(() => {});
          return;
        }
        if (!stream) {
          await res.body.dump({ limit: Infinity });
          latency[i] = performance.now() - start;
          return;
        }
        let first = true;
        let tail = '';
        for await (const chunk of res.body) {
          if (first) {
            ttfb[i] = performance.now() - start;
            first = false;
          }
          tail = (tail + chunk.toString('latin1')).slice(-64);
        }
        latency[i] = performance.now() - start;
        if (!tail.includes('data: [DONE]')) {
          latency[i] = NaN;
          countError('stream_without_DONE');
        }
      })
      .catch((err) => countError(err.code ?? err.name ?? 'error'))
      .finally(settle);
  };

  const t0 = performance.now();
  const interval = 1000 / rate;
  await new Promise((resolve) => {
    const tick = () => {
      const now = performance.now();
      const due = Math.min(total, Math.floor((now - t0) / interval) + 1);
      while (sent < due) {
        fire(sent, t0 + sent * interval);
        sent++;
      }
      if (sent < total) setTimeout(tick, 1);
      else resolve();
    };
    tick();
  });
  const sendSpanS = (performance.now() - t0) / 1000;
  let timedOut = 0;
  const graceTimer = new Promise((r) => setTimeout(r, graceMs + timeoutMs).unref());
  await Promise.race([allDone, graceTimer]);
  if (finished < total) timedOut = total - finished;
  const errorKinds = { ...errors }; // before destroy(), whose aborts would count twice
  if (timedOut) errorKinds.unfinished_at_deadline = timedOut;
  await pool.destroy().catch(() => {});
  const errorCount = Object.values(errorKinds).reduce((a, b) => a + b, 0);
  return {
    requested: total,
    rate,
    achievedRate: total / sendSpanS,
    ok: total - errorCount,
    errors: errorCount,
    errorKinds,
    maxInFlight,
    latencyMs: summarize(Array.from(latency)),
    ttfbMs: stream ? summarize(Array.from(ttfb)) : null,
    schedulerLatenessMs: summarize(Array.from(lateness)),
  };
}
