// Where does a participant's CPU go? Runs it pinned to core 0 with --cpu-prof under the
// same closed-loop load as the throughput row (or streaming with --stream), then prints
// self time by function and by file. Loopback only, bounded in time.
//
//   node bench/profile.mjs [switchyard|bare|hot] [--seconds 8] [--stream] [--top 25]
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { closedLoop } from './lib/load.mjs';
import { freePort, killAllStarted, pinSelf, startNode } from './lib/procs.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const WORK = path.join(ROOT, 'bench', '.work');
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { seconds: { type: 'string', default: '8' }, stream: { type: 'boolean', default: false }, top: { type: 'string', default: '25' } },
});
const who = positionals[0] ?? 'switchyard';
const seconds = Number(values.seconds);
const top = Number(values.top);
pinSelf(1);

const profDir = path.join(WORK, 'prof', who);
rmSync(profDir, { recursive: true, force: true });
mkdirSync(profDir, { recursive: true });
const logDir = path.join(WORK, 'logs');

let answered = 0;
try {
  const mp = await freePort();
  const mock = await startNode({ name: 'prof-mock', args: [path.join(ROOT, 'bench', 'mock-upstream.mjs'), '--port', String(mp), '--stream-interval-ms', '0'], core: 1, cwd: ROOT, readyUrl: `http://127.0.0.1:${mp}/health`, logDir });
  const mockUrl = `http://127.0.0.1:${mp}`;
  const port = await freePort();
  const prof = ['--cpu-prof', `--cpu-prof-dir=${profDir}`];
  let args;
  let headers;
  if (who === 'switchyard') {
    const cfg = path.join(WORK, 'switchyard-prof.yaml');
    writeFileSync(cfg, `server: { host: 127.0.0.1, port: ${port} }\nstorage: { database: "sqlite:bench/.work/prof.db" }\nauth: { master_key: "sk-bench-master" }\nproviders:\n  upstream: { type: openai-compatible, base_url: "${mockUrl}/v1", api_key: "sk-mock" }\nmodels:\n  bench-model:\n    targets:\n      - { provider: upstream, model: mock-gpt }\n`);
    for (const f of ['prof.db', 'prof.db-wal', 'prof.db-shm']) rmSync(path.join(WORK, f), { force: true });
    if (!existsSync(path.join(ROOT, 'dist/src/main.js'))) throw new Error('dist/src/main.js not found: npm run build');
    args = [...prof, path.join(ROOT, 'dist/src/main.js'), 'start', '--config', cfg, '--port', String(port), '--host', '127.0.0.1'];
    headers = { 'content-type': 'application/json', authorization: 'Bearer sk-bench-master' };
  } else if (who === 'hot') {
    // The minimal gateway hot path of the framework comparison (bench/frameworks/node-http.mjs).
    args = [...prof, path.join(ROOT, 'bench', 'frameworks', 'node-http.mjs'), '--port', String(port), '--upstream', mockUrl];
    headers = { 'content-type': 'application/json' };
  } else {
    args = [...prof, path.join(ROOT, 'bench', 'bare-proxy.mjs'), '--port', String(port), '--upstream', mockUrl];
    headers = { 'content-type': 'application/json' };
  }
  const target = await startNode({ name: `prof-${who}`, args, core: 0, cwd: ROOT, env: { NODE_ENV: 'production' }, readyUrl: `http://127.0.0.1:${port}/ready`, logDir });
  // The mock's burst mode (whole stream in one write) is chosen by the model name.
  const body = JSON.stringify({ model: 'bench-model', messages: [{ role: 'user', content: 'hello there' }], ...(values.stream ? { stream: true } : {}) });
  const r = await closedLoop({ url: `http://127.0.0.1:${port}/v1/chat/completions`, headers, body, connections: 64, durationS: seconds });
  console.log(`${who}: ${Math.round(r.meanRps)} req/s over ${seconds} s (${r.non2xx + r.errors} failed)`);
  answered = r.ok;
  await target.stop();
  await mock.stop();
} finally {
  killAllStarted();
}

const file = readdirSync(profDir).find((f) => f.endsWith('.cpuprofile'));
if (!file) {
  console.log('no profile written (did the process exit cleanly on SIGTERM?)');
  process.exit(1);
}
const profile = JSON.parse(readFileSync(path.join(profDir, file), 'utf8'));
const dt = new Map();
const { samples, timeDeltas, nodes } = profile;
for (let i = 0; i < samples.length; i++) dt.set(samples[i], (dt.get(samples[i]) ?? 0) + (timeDeltas[i] ?? 0));
const byFn = new Map();
const byFile = new Map();
let total = 0;
for (const n of nodes) {
  const t = dt.get(n.id) ?? 0;
  if (!t) continue;
  total += t;
  const cf = n.callFrame;
  const url = cf.url.replace(`file://${ROOT}/`, '').replace(/^node:/, 'node:');
  const fn = `${cf.functionName || '(anonymous)'}  ${url ? `${url}:${cf.lineNumber + 1}` : ''}`;
  byFn.set(fn, (byFn.get(fn) ?? 0) + t);
  const group = url.startsWith('dist/src/') || url.startsWith('bench/') ? url : url.includes('node_modules/') ? `node_modules/${url.split('node_modules/').pop().split('/').slice(0, url.includes('node_modules/@') ? 2 : 1).join('/')}` : url || `(${cf.functionName})`;
  byFile.set(group, (byFile.get(group) ?? 0) + t);
}
const show = (title, m) => {
  console.log(`\n${title}`);
  console.log('    %  us/req  what');
  for (const [k, v] of [...m].sort((a, b) => b[1] - a[1]).slice(0, top))
    console.log(`${((100 * v) / total).toFixed(1).padStart(5)}  ${(answered ? v / answered : 0).toFixed(1).padStart(6)}  ${k}`);
};
// Inclusive time: each sample counted once for every distinct project function on its stack.
const parent = new Map();
for (const n of nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const byId = new Map(nodes.map((n) => [n.id, n]));
const inclusive = new Map();
for (let i = 0; i < samples.length; i++) {
  const seen = new Set();
  for (let id = samples[i]; id != null; id = parent.get(id)) {
    const cf = byId.get(id).callFrame;
    const url = cf.url.replace(`file://${ROOT}/`, '');
    if (!url.startsWith('dist/src/') && !url.startsWith('bench/')) continue;
    const key = `${cf.functionName || '(anonymous)'}  ${url}:${cf.lineNumber + 1}`;
    if (seen.has(key)) continue;
    seen.add(key);
    inclusive.set(key, (inclusive.get(key) ?? 0) + (timeDeltas[i] ?? 0));
  }
}
show('self time by file / package', byFile);
show('self time by function', byFn);
show('inclusive time of project functions (self + callees)', inclusive);
console.log(`\nprofile: ${path.join(profDir, file)} (open in Chrome DevTools > Performance)`);
