// Reference point, not a candidate: the node:http variant with undici's fetch() in place
// of Pool.request(), to show what WHATWG streams and Response objects cost on the hot path.
//   node bench/frameworks/node-http-fetch.mjs --port N --upstream URL
import http from 'node:http';
import { Agent, fetch } from 'undici';
import { MODEL_MAP, parseServerArgs, usageTotals } from './hot-path.mjs';

const { port, host, upstream } = parseServerArgs(process.argv);
const dispatcher = new Agent({ connections: null, pipelining: 1, keepAliveTimeout: 60_000 });
const url = `${upstream}/v1/chat/completions`;
const UPSTREAM_HEADERS = { 'content-type': 'application/json', authorization: 'Bearer sk-mock' };

async function forward(parsed) {
  const target = parsed && MODEL_MAP.get(parsed.model);
  if (!target) return { status: 404, contentType: 'application/json', body: Buffer.from('{"error":{"message":"unknown model"}}') };
  parsed.model = target;
  const res = await fetch(url, { method: 'POST', headers: UPSTREAM_HEADERS, body: JSON.stringify(parsed), dispatcher });
  const body = Buffer.from(await res.arrayBuffer());
  if (res.status === 200) {
    try {
      const u = JSON.parse(body.toString('utf8')).usage;
      if (u) usageTotals.requests++;
    } catch {
      /* not JSON */
    }
  }
  return { status: res.status, contentType: res.headers.get('content-type') ?? 'application/json', body };
}

const server = http.createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/ready') {
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
    return;
  }
  const parts = [];
  req.on('data', (c) => parts.push(c));
  req.on('end', () => {
    let parsed;
    try {
      parsed = JSON.parse(Buffer.concat(parts).toString('utf8'));
    } catch {
      parsed = null;
    }
    forward(parsed).then(
      (out) => res.writeHead(out.status, { 'content-type': out.contentType, 'content-length': out.body.length }).end(out.body),
      () => res.writeHead(502, { 'content-type': 'application/json' }).end('{"error":{"message":"upstream failed"}}'),
    );
  });
});
server.keepAliveTimeout = 120_000;
server.listen(port, host, () => console.log(`node-http-fetch hot path on http://${host}:${port}`));
const stop = () => server.close(() => process.exit(0)).closeAllConnections();
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
