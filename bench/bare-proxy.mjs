// The bare pass-through proxy: node:http in front, one undici Pool behind, request and
// response bodies passed through as bytes (no parsing, no auth, no logging). It is the
// ceiling for any Node gateway on the same core: whatever Switchyard does on top of this
// costs throughput, latency and memory, and the benchmark shows how much.
//
//   node bench/bare-proxy.mjs --port N --upstream http://127.0.0.1:M [--host 127.0.0.1]
//
// GET /ready and /health answer locally (200) so the harness can wait for it the same
// way it waits for Switchyard; every other request is forwarded with its path.
import http from 'node:http';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { Pool } from 'undici';

// Hop-by-hop headers (RFC 9110 7.6.1) are not forwarded; host is set by undici.
const HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'te', 'trailer', 'upgrade', 'host']);

function forwardHeaders(src) {
  const out = {};
  for (const k in src) if (!HOP.has(k)) out[k] = src[k];
  return out;
}

export function startBareProxy({ port = 0, host = '127.0.0.1', upstream }) {
  const pool = new Pool(upstream, { connections: null, pipelining: 1, keepAliveTimeout: 60_000, headersTimeout: 120_000, bodyTimeout: 120_000 });
  const server = http.createServer((req, res) => {
    if (req.method === 'GET' && (req.url === '/ready' || req.url === '/health')) {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
      return;
    }
    // The request body is collected as bytes (never parsed) and sent with its length:
    // every gateway has to hold the whole body before it can route, and handing undici
    // the IncomingMessage as a stream costs ~20 us more per request on this machine.
    const parts = [];
    req.on('data', (c) => parts.push(c));
    req.on('end', () => {
      const body = req.method === 'GET' || req.method === 'HEAD' ? null : parts.length === 1 ? parts[0] : Buffer.concat(parts);
      let upstreamBody = null;
      // A client that goes away stops the upstream stream. (An AbortController signal per
      // request would also cancel a request still waiting for headers, at ~35 us a request.)
      res.on('close', () => {
        if (upstreamBody && !res.writableFinished) upstreamBody.destroy();
      });
      pool.request({ path: req.url, method: req.method, headers: forwardHeaders(req.headers), body }).then(
        ({ statusCode, headers, body: resBody }) => {
          upstreamBody = resBody;
          resBody.on('error', () => res.destroy());
          if (res.destroyed) {
            resBody.destroy();
            return;
          }
          res.writeHead(statusCode, forwardHeaders(headers));
          // Readable.pipe keeps backpressure and writes each chunk as it arrives (SSE is
          // not buffered); stream.pipeline would add ~70 us a request here.
          resBody.pipe(res);
        },
        (err) => {
          if (res.headersSent || res.destroyed) {
            res.destroy();
            return;
          }
          const msg = JSON.stringify({ error: { message: `upstream failed: ${err.code ?? err.name}`, type: 'upstream_error' } });
          res.writeHead(502, { 'content-type': 'application/json' }).end(msg);
        },
      );
    });
  });
  server.keepAliveTimeout = 120_000;
  server.headersTimeout = 125_000;
  server.requestTimeout = 0;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve({ server, pool, port: server.address().port }));
  });
}

const isMain = process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href;
if (isMain) {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '4300' },
      host: { type: 'string', default: '127.0.0.1' },
      upstream: { type: 'string', default: 'http://127.0.0.1:4200' },
    },
  });
  const p = await startBareProxy({ port: Number(values.port), host: values.host, upstream: values.upstream });
  console.log(`bare-proxy listening on http://${values.host}:${p.port} -> ${values.upstream}`);
  const stop = () => {
    p.server.close(() => p.pool.close().then(() => process.exit(0)));
    p.server.closeAllConnections();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
