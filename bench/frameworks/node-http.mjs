// The hot path on raw node:http.  node bench/frameworks/node-http.mjs --port N --upstream URL
import http from 'node:http';
import { createUpstream, forwardChat, parseServerArgs } from './hot-path.mjs';

const { port, host, upstream } = parseServerArgs(process.argv);
const pool = createUpstream(upstream);

const server = http.createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/ready') {
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
    return;
  }
  if (req.method !== 'POST' || req.url !== '/v1/chat/completions') {
    req.resume();
    res.writeHead(404).end();
    return;
  }
  const parts = [];
  req.on('data', (c) => parts.push(c));
  req.on('end', () => {
    let parsed;
    try {
      parsed = JSON.parse((parts.length === 1 ? parts[0] : Buffer.concat(parts)).toString('utf8'));
    } catch {
      parsed = null;
    }
    forwardChat(pool, parsed).then(
      (out) => res.writeHead(out.status, { 'content-type': out.contentType, 'content-length': out.body.length }).end(out.body),
      () => res.writeHead(502, { 'content-type': 'application/json' }).end('{"error":{"message":"upstream failed","type":"upstream_error"}}'),
    );
  });
});
server.keepAliveTimeout = 120_000;
server.listen(port, host, () => console.log(`node-http hot path on http://${host}:${port}`));
const stop = () => server.close(() => process.exit(0)).closeAllConnections();
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
