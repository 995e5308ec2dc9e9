// npm run bench [-- --quick] [-- --write] [-- --skip portkey,rss,...]
//
// One run, one machine, everything on loopback (127.0.0.1):
//   core 0: the proxy under test, alone (taskset -c 0), one at a time
//   core 1: this process (load generator) and the mock upstream (taskset -c 1)
// Participants: direct to the mock, the bare pass-through proxy (bench/bare-proxy.mjs),
// Switchyard (dist/src/main.js), Portkey's open-source gateway (installed into
// bench/.work/portkey); then the same minimal hot path on node:http, Fastify and Hono.
// Prints a markdown table, writes bench/results/latest.{json,md}; --write also replaces
// the marked results section of BENCHMARKS.md. A participant that cannot be installed,
// started or answered is skipped and the table says why. See BENCHMARKS.md for the method.
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { execFileSync, spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { request } from 'undici';
import { closedLoop, openLoop } from './lib/load.mjs';
import { coreBusy, coreTimes, cpuSeconds, foreignLoad, freePort, hwmMiB, killAllStarted, pinSelf, resetHwm, rssMiB, sampleRss, startNode } from './lib/procs.mjs';
import { derive, markdown, writeSection } from './lib/report.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BENCH = path.join(ROOT, 'bench');
const WORK = path.join(BENCH, '.work');
const LOGS = path.join(WORK, 'logs');
const RESULTS = path.join(BENCH, 'results');
const PORTKEY_VERSION = '1.15.2';
// Portkey 1.15.2 on Node 20 answers every streamed chat completion with 500 ("TypeError:
// immutable" in updateHeaders, Portkey-AI/gateway#1389 and #1550) when npm resolves its
// `@hono/node-server ^1.3.3` to 1.14.2 or later; 1.14.1 is the last version it works with.
const PORTKEY_OVERRIDES = { '@hono/node-server': '1.14.1' };
const PROXY_CORE = 0;
const LOADGEN_CORE = 1;

const { values: opts } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    write: { type: 'boolean', default: false },
    skip: { type: 'string', default: '' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (opts.help) {
  console.log(`usage: node bench/run.mjs [--quick] [--write] [--skip LIST]
  --quick   ~1 minute run (shorter phases, 1,000 streams of ~4 s instead of ~10 s)
  --write   also replace the results section of BENCHMARKS.md
  --skip    comma list of: bare, switchyard, portkey, rss, frameworks`);
  process.exit(0);
}
const skip = new Set(opts.skip.split(',').map((s) => s.trim()).filter(Boolean));

const PARAMS = opts.quick
  ? { connections: 64, warmupS: 1, throughputS: 3, latencyRate: 1000, latencyS: 3, ttfbRate: 200, ttfbS: 2, streams: 1000, rampS: 1, slowIntervalMs: 200, streamIntervalMs: 10, chunks: 20, fwWarmupS: 1, fwS: 3, fwRounds: 1, throughputRounds: 2 }
  : { connections: 64, warmupS: 3, throughputS: 10, latencyRate: 1000, latencyS: 10, ttfbRate: 200, ttfbS: 8, streams: 1000, rampS: 1, slowIntervalMs: 500, streamIntervalMs: 10, chunks: 20, fwWarmupS: 2, fwS: 5, fwRounds: 2, throughputRounds: 3 };

const BODY = JSON.stringify({ model: 'bench-model', messages: [{ role: 'user', content: 'hello there' }] });
const STREAM_BODY = JSON.stringify({ model: 'bench-model', messages: [{ role: 'user', content: 'hello there' }], stream: true });
const SLOW_BODY = JSON.stringify({ model: 'bench-slow', messages: [{ role: 'user', content: 'hello there' }], stream: true });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const log = (...a) => console.error(`[bench ${new Date().toISOString().slice(11, 19)}]`, ...a);

// Other processes on the machine (a build, a test run) steal cycles from the benchmark.
// Each measured phase records how much CPU they used (in cores); before each participant
// the run waits, within a budget, for the machine to be quiet.
let mockPid = null;
const own = (target) => [process.pid, mockPid, target?.handle?.pid];
let quietBudgetMs = 60_000;
async function waitQuiet(target, label) {
  const started = Date.now();
  let said = false;
  for (;;) {
    const f = foreignLoad(own(target));
    await sleep(1000);
    const load = f.stop();
    const waited = Date.now() - started - 1000;
    if (load == null || load < 0.15) {
      quietBudgetMs -= Math.max(0, waited);
      return load;
    }
    if (waited >= Math.min(20_000, quietBudgetMs)) {
      quietBudgetMs -= Math.max(0, waited);
      log(`${label}: other processes still use ${load.toFixed(2)} cores; measuring anyway`);
      return load;
    }
    if (!said) log(`${label}: waiting up to ${Math.round(Math.min(20_000, quietBudgetMs) / 1000)} s for other processes to calm down (${load.toFixed(2)} cores busy)`);
    said = true;
  }
}
function noteForeign(entry, phase, r) {
  if (r?.foreignCores != null && r.foreignCores >= 0.1)
    entry.notes.push(`other processes on the machine used ${r.foreignCores.toFixed(2)} cores during the ${phase} phase: its numbers are disturbed`);
}
async function measured(target, fn) {
  const f = foreignLoad(own(target));
  const r = await fn();
  r.foreignCores = f.stop();
  return r;
}

// A hard stop for the whole run, whatever happens.
const watchdog = setTimeout(() => {
  log('watchdog: run exceeded 20 minutes, stopping');
  killAllStarted();
  process.exit(2);
}, 20 * 60_000);
watchdog.unref();
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => {
    killAllStarted();
    process.exit(130);
  });
}

function machine() {
  let cpu = os.cpus()[0]?.model ?? 'unknown';
  try {
    const m = execFileSync('lscpu', { encoding: 'utf8' }).match(/^Model name:\s*(.+)$/m);
    if (m) cpu = m[1].trim();
  } catch {
    /* no lscpu */
  }
  return {
    cpu,
    cores: os.cpus().length,
    node: process.version,
    os: `${os.type()} ${os.release()}`,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    pinning: pinned
      ? `proxy under test on core ${PROXY_CORE} (taskset -c ${PROXY_CORE}); load generator and mock upstream on core ${LOADGEN_CORE}`
      : 'none (taskset unavailable or fewer than 2 cores): numbers are less comparable',
  };
}

// ---- participants -------------------------------------------------------------------

async function mockStats(mockUrl) {
  try {
    const res = await request(`${mockUrl}/__stats`);
    return await res.body.json();
  } catch {
    return null;
  }
}

function portkeyEntry() {
  return path.join(WORK, 'portkey', 'node_modules', '@portkey-ai', 'gateway', 'build', 'start-server.js');
}

/** Installs Portkey into bench/.work/portkey (not a project dependency). Returns null or the reason it cannot. */
function ensurePortkey() {
  const dir = path.join(WORK, 'portkey');
  const pkgFile = path.join(dir, 'package.json');
  const want = { name: 'switchyard-bench-portkey', private: true, dependencies: { '@portkey-ai/gateway': PORTKEY_VERSION }, overrides: PORTKEY_OVERRIDES };
  const installed = (() => {
    try {
      const v = JSON.parse(readFileSync(path.join(dir, 'node_modules', '@portkey-ai', 'gateway', 'package.json'), 'utf8')).version;
      const h = JSON.parse(readFileSync(path.join(dir, 'node_modules', '@hono', 'node-server', 'package.json'), 'utf8')).version;
      return v === PORTKEY_VERSION && h === PORTKEY_OVERRIDES['@hono/node-server'] && existsSync(portkeyEntry());
    } catch {
      return false;
    }
  })();
  if (installed) return null;
  mkdirSync(dir, { recursive: true });
  writeFileSync(pkgFile, `${JSON.stringify(want, null, 2)}\n`);
  log(`installing @portkey-ai/gateway@${PORTKEY_VERSION} into bench/.work/portkey ...`);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  // Its only install script is `patch-package`, and the published package has no patches.
  const r = spawnSync(npm, ['install', '--no-audit', '--no-fund', '--ignore-scripts', '--omit=dev', '--loglevel=error'], { cwd: dir, encoding: 'utf8', timeout: 240_000 });
  if (r.status !== 0 || !existsSync(portkeyEntry())) {
    const tail = `${r.stderr ?? ''}${r.stdout ?? ''}${r.error ? r.error.message : ''}`.trim().split('\n').slice(-3).join(' ');
    return `npm install @portkey-ai/gateway@${PORTKEY_VERSION} failed (exit ${r.status ?? r.signal}): ${tail || 'no output'}`;
  }
  return null;
}

function switchyardConfig(mockUrl, port) {
  return `# written by bench/run.mjs for this run
server: { host: 127.0.0.1, port: ${port} }
storage: { database: "sqlite:bench/.work/bench.db" }
auth: { master_key: "sk-bench-master" }
providers:
  upstream: { type: openai-compatible, base_url: "${mockUrl}/v1", api_key: "sk-mock" }
models:
  bench-model:
    targets:
      - { provider: upstream, model: mock-gpt }
  bench-slow:
    targets:
      - { provider: upstream, model: mock-slow }
`;
}

/** Each returns { origin, headers, handle? } or throws with a reason (and maybe logTail). */
const PARTICIPANTS = {
  async direct(mock) {
    return { origin: mock.url, headers: { 'content-type': 'application/json', authorization: 'Bearer sk-mock' } };
  },
  async bare(mock) {
    const port = await freePort();
    const handle = await startNode({
      name: 'bare-proxy',
      args: [path.join(BENCH, 'bare-proxy.mjs'), '--port', String(port), '--upstream', mock.url],
      core: PROXY_CORE,
      cwd: ROOT,
      readyUrl: `http://127.0.0.1:${port}/ready`,
      logDir: LOGS,
    });
    return { origin: `http://127.0.0.1:${port}`, headers: { 'content-type': 'application/json', authorization: 'Bearer sk-mock' }, handle };
  },
  async switchyard(mock) {
    const entry = path.join(ROOT, 'dist', 'src', 'main.js');
    if (!existsSync(entry)) throw new Error('dist/src/main.js not found: run `npm run build` first');
    const port = await freePort();
    const cfg = path.join(WORK, 'switchyard.yaml');
    writeFileSync(cfg, switchyardConfig(mock.url, port));
    for (const f of ['bench.db', 'bench.db-wal', 'bench.db-shm']) rmSync(path.join(WORK, f), { force: true });
    const handle = await startNode({
      name: 'switchyard',
      args: [entry, 'start', '--config', cfg, '--port', String(port), '--host', '127.0.0.1'],
      core: PROXY_CORE,
      cwd: ROOT,
      env: { NODE_ENV: 'production' },
      readyUrl: `http://127.0.0.1:${port}/ready`,
      logDir: LOGS,
    });
    const origin = `http://127.0.0.1:${port}`;
    // The targets are for Switchyard with its request log on: check that rows arrive.
    const verify = async () => {
      await sleep(1000);
      try {
        const res = await request(`${origin}/admin/logs?limit=1`, { headers: { authorization: 'Bearer sk-bench-master' }, headersTimeout: 5000, bodyTimeout: 5000 });
        const text = await res.body.text();
        if (res.statusCode !== 200) return `could not read the request log (GET /admin/logs -> ${res.statusCode}); request logging unverified`;
        const rows = JSON.parse(text).data;
        if (!Array.isArray(rows) || rows.length === 0) return 'its request log is EMPTY after the run: Switchyard was measured without request logging, so its numbers are optimistic';
        return null;
      } catch (err) {
        return `could not read the request log (${err.code ?? err.message}); request logging unverified`;
      }
    };
    return { origin, headers: { 'content-type': 'application/json', authorization: 'Bearer sk-bench-master' }, handle, verify };
  },
  async portkey(mock) {
    if (portkeyInstallError) throw new Error(portkeyInstallError);
    const port = await freePort();
    const handle = await startNode({
      name: 'portkey',
      args: [portkeyEntry(), `--port=${port}`, '--headless'],
      core: PROXY_CORE,
      cwd: path.join(WORK, 'portkey'),
      env: { NODE_ENV: 'production' },
      readyUrl: `http://127.0.0.1:${port}/`,
      logDir: LOGS,
    });
    return {
      origin: `http://127.0.0.1:${port}`,
      headers: {
        'content-type': 'application/json',
        authorization: 'Bearer sk-mock',
        'x-portkey-provider': 'openai',
        'x-portkey-custom-host': `${mock.url}/v1`,
      },
      handle,
    };
  },
};

async function stopQuietly(target) {
  if (target?.handle) await target.handle.stop();
}

/** One request of each kind; returns { json: reason|null, stream: reason|null }. */
async function preflight(target) {
  const out = { json: null, stream: null };
  try {
    const res = await request(`${target.origin}/v1/chat/completions`, { method: 'POST', headers: target.headers, body: BODY, headersTimeout: 10_000, bodyTimeout: 10_000 });
    const text = await res.body.text();
    if (res.statusCode !== 200) out.json = `POST /v1/chat/completions -> ${res.statusCode} ${text.slice(0, 160)}`;
    else {
      const j = JSON.parse(text);
      if (j.object !== 'chat.completion' || !j.usage) out.json = `unexpected answer: ${text.slice(0, 160)}`;
    }
  } catch (err) {
    out.json = `POST /v1/chat/completions failed: ${err.code ?? err.message}`;
  }
  try {
    const res = await request(`${target.origin}/v1/chat/completions`, { method: 'POST', headers: target.headers, body: STREAM_BODY, headersTimeout: 10_000, bodyTimeout: 10_000 });
    const text = await res.body.text();
    if (res.statusCode !== 200) out.stream = `stream -> ${res.statusCode} ${text.slice(0, 160)}`;
    else if (!String(res.headers['content-type']).includes('text/event-stream') || !text.includes('chat.completion.chunk') || !text.trimEnd().endsWith('data: [DONE]'))
      out.stream = `unexpected stream (content-type ${res.headers['content-type']}): ${text.slice(0, 120)}`;
  } catch (err) {
    out.stream = `stream request failed: ${err.code ?? err.message}`;
  }
  return out;
}

async function throughput(target, mock, { warmupS, durationS, connections }) {
  const url = `${target.origin}/v1/chat/completions`;
  await closedLoop({ url, headers: target.headers, body: BODY, connections, durationS: warmupS });
  await sleep(300);
  const pid = target.handle?.pid;
  const m0 = await mockStats(mock.url);
  const c0 = pid ? cpuSeconds(pid) : null;
  const k0 = coreTimes();
  const r = await measured(target, () => closedLoop({ url, headers: target.headers, body: BODY, connections, durationS }));
  const k1 = coreTimes();
  const c1 = pid ? cpuSeconds(pid) : null;
  const m1 = await mockStats(mock.url);
  r.bad = r.non2xx + r.errors + r.timeouts;
  r.proxyCpuS = pid ? c1 - c0 : null;
  r.proxyCpuUsPerReq = pid && r.ok ? ((c1 - c0) * 1e6) / r.ok : null;
  r.coreBusy = coreBusy(k0, k1);
  r.upstreamRequests = m0 && m1 ? m1.requests - m0.requests : null;
  return r;
}

async function rssTest(name, mock) {
  const target = await PARTICIPANTS[name](mock);
  try {
    await waitQuiet(target, name);
    const pid = target.handle.pid;
    const idleMiB = rssMiB(pid);
    const hwmReset = resetHwm(pid);
    const sampler = sampleRss(pid, 100);
    let maxUpstreamOpen = 0;
    let polling = true;
    const poll = (async () => {
      while (polling) {
        const s = await mockStats(mock.url);
        if (s && s.open_streams > maxUpstreamOpen) maxUpstreamOpen = s.open_streams;
        await sleep(250);
      }
    })();
    const streamS = ((PARAMS.chunks + 2) * PARAMS.slowIntervalMs) / 1000;
    const f = foreignLoad(own(target));
    const r = await openLoop({
      origin: target.origin,
      headers: target.headers,
      body: SLOW_BODY,
      rate: PARAMS.streams / PARAMS.rampS,
      durationS: PARAMS.rampS,
      stream: true,
      connections: PARAMS.streams + 64,
      timeoutMs: 15_000,
      graceMs: streamS * 1000 + 10_000,
    });
    const foreignCores = f.stop();
    polling = false;
    await poll;
    const sampledPeak = sampler.stop();
    const peakMiB = hwmReset ? Math.max(sampledPeak, hwmMiB(pid)) : sampledPeak;
    return {
      requested: r.requested,
      errors: r.errors,
      errorKinds: r.errorKinds,
      idleMiB,
      peakMiB,
      peakSource: hwmReset ? 'VmHWM (reset before the test) and 100 ms VmRSS samples' : '100 ms VmRSS samples',
      streamTotalMs: r.latencyMs,
      maxConcurrentClientStreams: r.maxInFlight,
      maxConcurrentUpstreamStreams: maxUpstreamOpen,
      foreignCores,
    };
  } finally {
    await stopQuietly(target);
  }
}

// ---- frameworks ---------------------------------------------------------------------

const FRAMEWORKS = {
  'node:http': { script: 'node-http.mjs', pkg: null },
  Fastify: { script: 'fastify.mjs', pkg: 'fastify' },
  'Hono + @hono/node-server': { script: 'hono.mjs', pkg: '@hono/node-server' },
  // Reference row: node:http with undici fetch() instead of Pool.request().
  'node:http + fetch() (reference)': { script: 'node-http-fetch.mjs', pkg: null },
};

function versionOf(pkg) {
  try {
    return JSON.parse(readFileSync(path.join(ROOT, 'node_modules', pkg, 'package.json'), 'utf8')).version;
  } catch {
    return null;
  }
}

/**
 * All variants are started (each pinned to core 0; an idle one costs nothing), then
 * measured in interleaved rounds (A B C D, A B C D): a disturbance hits one measurement,
 * not one variant, and the best round of each is reported (noise only ever slows a
 * server down). Each variant is warmed up before its first round.
 */
async function frameworks(mock) {
  const out = {};
  const targets = {};
  for (const [name, fw] of Object.entries(FRAMEWORKS)) {
    try {
      const port = await freePort();
      const handle = await startNode({
        name: `fw-${fw.script.replace('.mjs', '')}`,
        args: [path.join(BENCH, 'frameworks', fw.script), '--port', String(port), '--upstream', mock.url],
        core: PROXY_CORE,
        cwd: ROOT,
        readyUrl: `http://127.0.0.1:${port}/ready`,
        logDir: LOGS,
      });
      targets[name] = { origin: `http://127.0.0.1:${port}`, headers: { 'content-type': 'application/json' }, handle };
      const pf = await preflight(targets[name]);
      if (pf.json) throw new Error(pf.json);
      let version = fw.pkg ? versionOf(fw.pkg) : fw.script === 'node-http-fetch.mjs' ? `undici ${versionOf('undici')}` : `Node ${process.version}`;
      if (fw.pkg === '@hono/node-server') version = `hono ${versionOf('hono')}, node-server ${versionOf('@hono/node-server')}`;
      out[name] = { status: 'ok', version, rounds: [], notes: [] };
    } catch (err) {
      out[name] = { status: 'skipped', reason: `${err.message}${err.logTail ? ` — ${err.logTail.split('\n').slice(-2).join(' ')}` : ''}` };
      log(`framework ${name} skipped: ${out[name].reason}`);
      await stopQuietly(targets[name]);
      delete targets[name];
    }
  }
  try {
    for (let round = 0; round < PARAMS.fwRounds; round++) {
      for (const [name, target] of Object.entries(targets)) {
        await waitQuiet(target, name);
        const t = await throughput(target, mock, { warmupS: round === 0 ? PARAMS.fwWarmupS : 1, durationS: PARAMS.fwS, connections: PARAMS.connections });
        out[name].rounds.push(t);
        log(`framework ${name}, round ${round + 1}: ${Math.round(t.rps)} req/s, ${t.proxyCpuUsPerReq?.toFixed(0)} us/req`);
      }
    }
  } finally {
    for (const target of Object.values(targets)) await stopQuietly(target);
  }
  for (const f of Object.values(out)) {
    if (f.status !== 'ok' || f.rounds.length === 0) continue;
    f.throughput = f.rounds.reduce((best, t) => (t.rps > best.rps ? t : best));
    const cpu = f.rounds.map((t) => t.proxyCpuUsPerReq).filter((x) => x != null);
    if (cpu.length) f.throughput = { ...f.throughput, proxyCpuUsPerReq: Math.min(...cpu) };
    noteForeign(f, 'best round', f.throughput);
  }
  return out;
}

// ---- main ---------------------------------------------------------------------------

const pinned = os.cpus().length >= 2 && pinSelf(LOADGEN_CORE);
mkdirSync(LOGS, { recursive: true });
mkdirSync(RESULTS, { recursive: true });
const t0 = Date.now();
const results = {
  version: 1,
  date: new Date().toISOString().slice(0, 10),
  startedAt: new Date().toISOString(),
  mode: opts.quick ? 'quick' : 'full',
  machine: machine(),
  params: PARAMS,
  versions: { node: process.version, portkey: null, undici: versionOf('undici'), autocannon: versionOf('autocannon') },
  participants: {},
  frameworks: null,
};

results.switchyardBuild = (() => {
  const git = (...a) => {
    try {
      return execFileSync('git', a, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    } catch {
      return null;
    }
  };
  let distBuiltAt = null;
  try {
    distBuiltAt = statSync(path.join(ROOT, 'dist', 'src', 'main.js')).mtime.toISOString();
  } catch {
    /* not built */
  }
  const status = git('status', '--porcelain', '--', 'src');
  return { commit: git('rev-parse', '--short', 'HEAD'), dirty: status == null ? null : status.length > 0, distBuiltAt };
})();

let portkeyInstallError = null;
if (!skip.has('portkey')) {
  portkeyInstallError = ensurePortkey();
  if (!portkeyInstallError) {
    try {
      results.versions.portkey = JSON.parse(readFileSync(path.join(WORK, 'portkey', 'node_modules', '@portkey-ai', 'gateway', 'package.json'), 'utf8')).version;
    } catch {
      /* version unknown */
    }
  }
}

let mockHandle;
try {
  const port = await freePort();
  mockHandle = await startNode({
    name: 'mock-upstream',
    args: [
      path.join(BENCH, 'mock-upstream.mjs'),
      '--port', String(port),
      '--stream-interval-ms', String(PARAMS.streamIntervalMs),
      '--slow-interval-ms', String(PARAMS.slowIntervalMs),
      '--chunks', String(PARAMS.chunks),
    ],
    core: LOADGEN_CORE,
    cwd: ROOT,
    readyUrl: `http://127.0.0.1:${port}/health`,
    logDir: LOGS,
  });
  const mock = { url: `http://127.0.0.1:${port}` };
  mockPid = mockHandle.pid;
  log(`mock upstream on ${mock.url}; ${results.machine.pinning}`);

  const order = ['direct', 'bare', 'switchyard', 'portkey'].filter((n) => !skip.has(n));
  // Participants stay up after their phases for the later throughput rounds (idle, they
  // cost nothing); stopped after those.
  const live = [];
  for (const name of order) {
    log(`${name}: starting`);
    const entry = { status: 'ok', notes: [] };
    results.participants[name] = entry;
    let target;
    try {
      target = await PARTICIPANTS[name](mock);
    } catch (err) {
      entry.status = 'skipped';
      entry.reason = err.message;
      if (err.logTail) entry.logTail = err.logTail;
      log(`${name}: skipped: ${err.message}${err.logTail ? `\n${err.logTail}` : ''}`);
      continue;
    }
    try {
      entry.foreignCoresBefore = await waitQuiet(target, name);
      const pf = await preflight(target);
      if (pf.json) {
        entry.status = 'skipped';
        entry.reason = pf.json;
        log(`${name}: skipped: ${pf.json}`);
        continue;
      }
      log(`${name}: throughput (c=${PARAMS.connections}, ${PARAMS.warmupS} s warm-up + ${PARAMS.throughputS} s)`);
      entry.throughput = await throughput(target, mock, { warmupS: PARAMS.warmupS, durationS: PARAMS.throughputS, connections: PARAMS.connections });
      entry.throughputRounds = [entry.throughput];
      if (name !== 'direct' && entry.throughput.upstreamRequests != null && entry.throughput.upstreamRequests < entry.throughput.ok)
        entry.notes.push(`the mock saw ${entry.throughput.upstreamRequests} requests for ${entry.throughput.ok} successful answers (answers not from the upstream?)`);
      log(`${name}: ${Math.round(entry.throughput.rps)} req/s, ${entry.throughput.bad} failed`);
      noteForeign(entry, 'throughput', entry.throughput);

      log(`${name}: latency at ${PARAMS.latencyRate} req/s for ${PARAMS.latencyS} s`);
      entry.latency = await measured(target, () => openLoop({ origin: target.origin, headers: target.headers, body: BODY, rate: PARAMS.latencyRate, durationS: PARAMS.latencyS }));
      if (entry.throughput.rps < PARAMS.latencyRate)
        entry.notes.push(`its capacity (${Math.round(entry.throughput.rps)} req/s at c=${PARAMS.connections}) is below ${PARAMS.latencyRate} req/s, so in the latency phase its queue grows for the whole phase: the added latency is queueing, not per-request overhead`);
      if (entry.latency.achievedRate < PARAMS.latencyRate * 0.97) entry.notes.push(`load generator reached only ${Math.round(entry.latency.achievedRate)} req/s in the latency phase`);
      noteForeign(entry, 'latency', entry.latency);
      if (entry.latency.errors) entry.notes.push(`latency phase errors: ${JSON.stringify(entry.latency.errorKinds)}`);
      log(`${name}: p50 ${entry.latency.latencyMs.p50?.toFixed(3)} ms, p99 ${entry.latency.latencyMs.p99?.toFixed(3)} ms, ${entry.latency.errors} errors`);

      if (pf.stream) {
        entry.ttfb = { skipped: pf.stream };
        entry.rss = { skipped: 'streaming does not work (see TTFB)' };
        log(`${name}: streaming skipped: ${pf.stream}`);
      } else {
        log(`${name}: streaming TTFB at ${PARAMS.ttfbRate} streams/s for ${PARAMS.ttfbS} s`);
        entry.ttfb = await measured(target, () => openLoop({ origin: target.origin, headers: target.headers, body: STREAM_BODY, rate: PARAMS.ttfbRate, durationS: PARAMS.ttfbS, stream: true }));
        noteForeign(entry, 'TTFB', entry.ttfb);
        if (entry.ttfb.errors) entry.notes.push(`TTFB phase errors: ${JSON.stringify(entry.ttfb.errorKinds)}`);
        log(`${name}: TTFB p50 ${entry.ttfb.ttfbMs.p50?.toFixed(3)} ms, p99 ${entry.ttfb.ttfbMs.p99?.toFixed(3)} ms`);
      }
      if (target.verify) {
        const problem = await target.verify();
        entry.requestLogVerified = problem === null;
        if (problem) {
          entry.notes.push(problem);
          log(`${name}: ${problem}`);
        }
      }
      live.push({ name, entry, target });
      target = undefined;
    } catch (err) {
      entry.status = 'skipped';
      entry.reason = `failed during the run: ${err.message}`;
      log(`${name}: ${entry.reason}`);
    } finally {
      if (target) await stopQuietly(target);
    }
  }

  // More throughput rounds, interleaved (A B C D, A B C D): this VM's speed drifts by
  // 10-20% over minutes, and one window per participant let the drift decide a ratio. Each
  // participant's best round is reported (noise only ever slows a server down); every
  // round is in latest.json.
  try {
    for (let round = 2; round <= PARAMS.throughputRounds; round++) {
      for (const { name, entry, target } of live) {
        log(`${name}: throughput round ${round} (1 s warm-up + ${PARAMS.throughputS} s)`);
        const r = await throughput(target, mock, { warmupS: 1, durationS: PARAMS.throughputS, connections: PARAMS.connections });
        entry.throughputRounds.push(r);
        noteForeign(entry, `throughput round ${round}`, r);
        log(`${name}: ${Math.round(r.rps)} req/s${r.proxyCpuUsPerReq ? `, ${Math.round(r.proxyCpuUsPerReq)} µs/req` : ''}`);
      }
    }
    for (const { entry } of live) entry.throughput = entry.throughputRounds.reduce((best, r) => (r.bad === 0 && r.rps > best.rps ? r : best));
  } finally {
    for (const { target } of live) await stopQuietly(target);
  }

  if (!skip.has('rss')) {
    for (const name of ['bare', 'switchyard', 'portkey']) {
      const entry = results.participants[name];
      if (!entry || entry.status !== 'ok' || entry.rss?.skipped) continue;
      log(`${name}: ${PARAMS.streams} concurrent slow streams (a chunk every ${PARAMS.slowIntervalMs} ms)`);
      try {
        entry.rss = await rssTest(name, mock);
        noteForeign(entry, 'slow-stream', entry.rss);
        if (entry.rss.errors) entry.notes.push(`slow-stream phase errors: ${JSON.stringify(entry.rss.errorKinds)}`);
        if (entry.rss.maxConcurrentUpstreamStreams < PARAMS.streams * 0.95)
          entry.notes.push(`only ${entry.rss.maxConcurrentUpstreamStreams} of ${PARAMS.streams} streams were open at the upstream at once`);
        log(`${name}: peak RSS ${entry.rss.peakMiB.toFixed(1)} MiB (idle ${entry.rss.idleMiB.toFixed(1)}), ${entry.rss.errors} errors, upstream concurrency ${entry.rss.maxConcurrentUpstreamStreams}`);
      } catch (err) {
        entry.rss = { skipped: err.message };
        log(`${name}: slow streams skipped: ${err.message}`);
      }
    }
  }

  if (!skip.has('frameworks')) results.frameworks = await frameworks(mock);
} finally {
  if (mockHandle) await mockHandle.stop();
  killAllStarted();
}

results.elapsedS = Math.round((Date.now() - t0) / 1000);
derive(results);
const md = markdown(results);
writeFileSync(path.join(RESULTS, 'latest.json'), `${JSON.stringify(results, null, 2)}\n`);
writeFileSync(path.join(RESULTS, 'latest.md'), `${md}\n`);
console.log(md);
console.log('');
if (opts.write) {
  const file = path.join(ROOT, 'BENCHMARKS.md');
  if (existsSync(file) && writeSection(file, md)) log('BENCHMARKS.md results section updated');
  else log('BENCHMARKS.md has no results markers; paste bench/results/latest.md into it');
} else {
  log(`results in bench/results/latest.{json,md} (${results.elapsedS} s); run with --write to update BENCHMARKS.md, or paste latest.md into it`);
}
clearTimeout(watchdog);
process.exit(0);
