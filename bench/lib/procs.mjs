// Child processes for the benchmark: start pinned to a core, wait until ready, sample
// memory and CPU from /proc, stop. Only processes started here are ever signalled, by pid.
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, openSync, closeSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { request } from 'undici';

const started = new Set();

export const hasTaskset = (() => {
  try {
    execFileSync('taskset', ['-V'], { stdio: 'ignore' });
    return process.platform === 'linux';
  } catch {
    return false;
  }
})();

/** Pins this process (all its threads) to one core; returns false if it could not. */
export function pinSelf(core) {
  if (!hasTaskset) return false;
  try {
    execFileSync('taskset', ['-a', '-p', '-c', String(core), String(process.pid)], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Starts `node <args>` pinned to `core` (via taskset, which execs, so the pid is node's),
 * output to `<logDir>/<name>.log`, and waits until GET readyUrl answers 200.
 * Resolves { pid, name, stop(), logTail() }; rejects with the reason and the log's tail.
 */
export async function startNode({ name, args, core, cwd, env, readyUrl, logDir, timeoutMs = 30_000 }) {
  mkdirSync(logDir, { recursive: true });
  const logFile = path.join(logDir, `${name}.log`);
  const fd = openSync(logFile, 'w');
  const cmd = hasTaskset ? 'taskset' : process.execPath;
  const argv = hasTaskset ? ['-c', String(core), process.execPath, ...args] : args;
  const child = spawn(cmd, argv, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', fd, fd] });
  closeSync(fd);
  let exited = null;
  child.on('exit', (code, signal) => {
    exited = { code, signal };
    started.delete(child);
  });
  child.on('error', (err) => {
    exited = { code: null, signal: null, error: err.message };
  });
  started.add(child);
  const logTail = (n = 12) => {
    try {
      // Strip ANSI colours and spinner frames so the reason reads cleanly in a table.
      const text = readFileSync(logFile, 'utf8').replace(/\x1b\[[0-9;]*[A-Za-z]/g, '').replace(/\r/g, '\n'); // eslint-disable-line no-control-regex
      return text.split('\n').filter((l) => l.trim() && !/Starting AI Gateway/.test(l)).slice(-n).join('\n');
    } catch {
      return '';
    }
  };
  const handle = {
    pid: child.pid,
    name,
    logFile,
    logTail,
    get exited() {
      return exited;
    },
    stop: () => stopChild(child),
  };
  const deadline = Date.now() + timeoutMs;
  let lastErr = '';
  while (Date.now() < deadline) {
    if (exited) {
      const why = exited.error ?? `exited with ${exited.signal ?? `code ${exited.code}`}`;
      throw Object.assign(new Error(`${name} ${why} before it was ready`), { logTail: logTail() });
    }
    try {
      const res = await request(readyUrl, { method: 'GET', headersTimeout: 2000, bodyTimeout: 2000 });
      await res.body.dump();
      if (res.statusCode === 200) return handle;
      lastErr = `GET ${new URL(readyUrl).pathname} -> ${res.statusCode}`;
    } catch (err) {
      lastErr = err.code ?? err.message;
    }
    await sleep(100);
  }
  await stopChild(child);
  throw Object.assign(new Error(`${name} not ready after ${timeoutMs / 1000} s (${lastErr})`), { logTail: logTail() });
}

function stopChild(child) {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const t = setTimeout(() => {
      try {
        child.kill('SIGKILL');
      } catch {
        /* already gone */
      }
    }, 8000);
    child.once('exit', () => {
      clearTimeout(t);
      resolve();
    });
    try {
      child.kill('SIGTERM');
    } catch {
      clearTimeout(t);
      resolve();
    }
  });
}

/** Kills whatever this module started and is still running (on error or Ctrl-C). */
export function killAllStarted() {
  for (const child of started) {
    try {
      child.kill('SIGKILL');
    } catch {
      /* gone */
    }
  }
  started.clear();
}

// ---- /proc sampling ------------------------------------------------------------------

function descendants(pid) {
  const out = [pid];
  for (let i = 0; i < out.length; i++) {
    const p = out[i];
    let tasks;
    try {
      tasks = readdirSync(`/proc/${p}/task`);
    } catch {
      continue;
    }
    for (const t of tasks) {
      try {
        const kids = readFileSync(`/proc/${p}/task/${t}/children`, 'utf8').trim();
        if (kids) for (const k of kids.split(/\s+/)) out.push(Number(k));
      } catch {
        /* thread gone */
      }
    }
  }
  return out;
}

function statusKb(pid, field) {
  try {
    const m = readFileSync(`/proc/${pid}/status`, 'utf8').match(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

/** Resident set size of a process and its descendants, in MiB. */
export function rssMiB(pid) {
  return descendants(pid).reduce((s, p) => s + statusKb(p, 'VmRSS'), 0) / 1024;
}

/** Peak RSS (VmHWM) of a process and its descendants, in MiB. */
export function hwmMiB(pid) {
  return descendants(pid).reduce((s, p) => s + statusKb(p, 'VmHWM'), 0) / 1024;
}

/** Resets the kernel's peak-RSS counter (VmHWM); false where not allowed. */
export function resetHwm(pid) {
  try {
    for (const p of descendants(pid)) writeFileSync(`/proc/${p}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

const CLK_TCK = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
  } catch {
    return 100;
  }
})();

/** CPU seconds (user + system) used so far by a process and its descendants. */
export function cpuSeconds(pid) {
  let ticks = 0;
  for (const p of descendants(pid)) {
    try {
      const stat = readFileSync(`/proc/${p}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(f[11]) + Number(f[12]); // utime, stime (fields 14 and 15)
    } catch {
      /* gone */
    }
  }
  return ticks / CLK_TCK;
}

/** Per-core busy jiffies from /proc/stat: [{ busy, total }] indexed by core. */
export function coreTimes() {
  if (!existsSync('/proc/stat')) return [];
  const out = [];
  for (const line of readFileSync('/proc/stat', 'utf8').split('\n')) {
    const m = line.match(/^cpu(\d+)\s+(.*)$/);
    if (!m) continue;
    const v = m[2].split(/\s+/).map(Number);
    const total = v.slice(0, 8).reduce((a, b) => a + b, 0);
    const idle = v[3] + (v[4] ?? 0);
    out[Number(m[1])] = { busy: total - idle, total };
  }
  return out;
}

/** Busy fraction of each core between two coreTimes() snapshots. */
export function coreBusy(a, b) {
  return b.map((x, i) => (a[i] && x.total > a[i].total ? (x.busy - a[i].busy) / (x.total - a[i].total) : null));
}

/** Samples rssMiB(pid) every `everyMs`; returns { stop(): max MiB seen }. */
export function sampleRss(pid, everyMs = 100) {
  let max = rssMiB(pid);
  const t = setInterval(() => {
    const v = rssMiB(pid);
    if (v > max) max = v;
  }, everyMs);
  return {
    stop() {
      clearInterval(t);
      const v = rssMiB(pid);
      return v > max ? v : max;
    },
  };
}

/**
 * CPU seconds used by every process outside `ownPids` (and their descendants), kernel
 * threads excluded, children already reaped included (cutime/cstime). Other work on the
 * machine (a build, a test run) steals cycles from the benchmark; this measures how much.
 */
export function foreignCpuSeconds(ownPids) {
  const own = new Set();
  for (const p of ownPids) if (p) for (const d of descendants(p)) own.add(d);
  let ticks = 0;
  let entries;
  try {
    entries = readdirSync('/proc');
  } catch {
    return null;
  }
  for (const name of entries) {
    const pid = Number(name);
    if (!Number.isInteger(pid) || own.has(pid) || pid === 2) continue;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(f[1]) === 2) continue; // kernel thread (parent kthreadd)
      if (own.has(Number(f[1]))) continue; // a child of ours that taskset has not exec'd yet
      ticks += Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]);
    } catch {
      /* exited */
    }
  }
  return ticks / CLK_TCK;
}

/** Measures foreign CPU (fraction of one core) over a window; returns { stop(): fraction }. */
export function foreignLoad(ownPids) {
  const t0 = performance.now();
  const c0 = foreignCpuSeconds(ownPids);
  return {
    stop() {
      const c1 = foreignCpuSeconds(ownPids);
      if (c0 == null || c1 == null) return null;
      return Math.max(0, (c1 - c0) / ((performance.now() - t0) / 1000));
    },
  };
}
