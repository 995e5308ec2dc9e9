// A fast OpenAI-compatible mock upstream for the benchmarks.
//
//   node bench/mock-upstream.mjs [--port N] [--host 127.0.0.1]
//        [--stream-interval-ms 10] [--slow-interval-ms 500] [--chunks 20]
//
// POST .../chat/completions answers a precomputed `chat.completion` (with `usage`), or,
// for `"stream": true`, an SSE stream of `chat.completion.chunk`s: `--chunks` chunks
// (the first carries the role and goes out with the headers, the last the
// finish_reason), a usage-only chunk (`choices: []`) when
// `stream_options.include_usage` is true, then `data: [DONE]`.
//
// Stream pacing (pick by path prefix, header or model name, so it works through any
// gateway, including ones that rewrite the model or drop unknown headers):
//   normal: a chunk every --stream-interval-ms (default 10 ms: a 20-chunk stream lasts
//           ~200 ms, so a proxy that buffers a stream shows up in time to first byte)
//   slow:   path /slow/v1/..., header `x-mock-mode: slow`, or a model containing "slow":
//           a chunk every --slow-interval-ms (default 500 ms, ~10 s per stream)
//   burst:  path /burst/v1/..., header `x-mock-mode: burst`, or a model containing
//           "burst": the whole stream in one write
// GET /health -> 200; GET /__stats -> {"requests": n, "streams": n, "open_streams": n}.
//
// Prints `mock-upstream listening on http://HOST:PORT` once it is listening.
import http from 'node:http';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';

const te = (s) => Buffer.from(s, 'utf8');

export function buildBodies({ chunks = 20 } = {}) {
  const created = 1_763_769_600;
  const id = 'chatcmpl-mock0000000000000000000000';
  const model = 'mock-gpt';
  const usage = { prompt_tokens: 9, completion_tokens: chunks - 2, total_tokens: 9 + chunks - 2 };
  const completion = te(
    JSON.stringify({
      id,
      object: 'chat.completion',
      created,
      model,
      system_fingerprint: 'fp_mock',
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: 'Hello! This is the mock upstream answering your request.', refusal: null },
          logprobs: null,
          finish_reason: 'stop',
        },
      ],
      usage,
    }),
  );
  const chunk = (choices, extra = {}) =>
    te(`data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model, system_fingerprint: 'fp_mock', choices, ...extra })}\n\n`);
  const frames = [];
  frames.push(chunk([{ index: 0, delta: { role: 'assistant', content: '' }, logprobs: null, finish_reason: null }]));
  for (let i = 1; i < chunks - 1; i++) {
    frames.push(chunk([{ index: 0, delta: { content: `tok${i} ` }, logprobs: null, finish_reason: null }]));
  }
  frames.push(chunk([{ index: 0, delta: {}, logprobs: null, finish_reason: 'stop' }]));
  const usageFrame = chunk([], { usage });
  const done = te('data: [DONE]\n\n');
  return { completion, frames, usageFrame, done };
}

export function startMock({ port = 0, host = '127.0.0.1', streamIntervalMs = 10, slowIntervalMs = 500, chunks = 20 } = {}) {
  const bodies = buildBodies({ chunks });
  const burstWithUsage = Buffer.concat([...bodies.frames, bodies.usageFrame, bodies.done]);
  const burstNoUsage = Buffer.concat([...bodies.frames, bodies.done]);
  const jsonHeaders = { 'content-type': 'application/json', 'content-length': String(bodies.completion.length) };
  const sseHeaders = { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' };
  const stats = { requests: 0, streams: 0, open_streams: 0 };

  function modeOf(req, model) {
    const h = req.headers['x-mock-mode'];
    if (h === 'slow' || h === 'burst') return h;
    if (req.url.startsWith('/slow/')) return 'slow';
    if (req.url.startsWith('/burst/')) return 'burst';
    if (typeof model === 'string') {
      if (model.includes('slow')) return 'slow';
      if (model.includes('burst')) return 'burst';
    }
    return 'normal';
  }

  function stream(req, res, mode, includeUsage) {
    stats.streams++;
    res.writeHead(200, sseHeaders);
    if (mode === 'burst') {
      res.end(includeUsage ? burstWithUsage : burstNoUsage);
      return;
    }
    const interval = mode === 'slow' ? slowIntervalMs : streamIntervalMs;
    const seq = includeUsage ? [...bodies.frames, bodies.usageFrame, bodies.done] : [...bodies.frames, bodies.done];
    stats.open_streams++;
    let i = 0;
    let timer = null;
    let open = true;
    const finish = () => {
      if (!open) return;
      open = false;
      stats.open_streams--;
      if (timer) clearTimeout(timer);
    };
    res.on('close', finish);
    const next = () => {
      timer = null;
      if (!open) return;
      if (i === seq.length - 1) {
        res.end(seq[i]);
        finish();
        return;
      }
      res.write(seq[i++]);
      timer = setTimeout(next, interval);
    };
    next();
  }

  const server = http.createServer((req, res) => {
    if (req.method === 'GET') {
      if (req.url === '/health') {
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
      } else if (req.url === '/__stats') {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(stats));
      } else {
        res.writeHead(404).end();
      }
      return;
    }
    if (req.method !== 'POST' || !req.url.endsWith('/chat/completions')) {
      req.resume();
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":{"message":"not found","type":"invalid_request_error"}}');
      return;
    }
    const parts = [];
    req.on('data', (c) => parts.push(c));
    req.on('end', () => {
      stats.requests++;
      let body;
      try {
        body = JSON.parse(parts.length === 1 ? parts[0] : Buffer.concat(parts));
      } catch {
        res.writeHead(400, { 'content-type': 'application/json' }).end('{"error":{"message":"bad json","type":"invalid_request_error"}}');
        return;
      }
      if (body && body.stream === true) {
        stream(req, res, modeOf(req, body.model), body.stream_options?.include_usage === true);
      } else {
        res.writeHead(200, jsonHeaders).end(bodies.completion);
      }
    });
  });
  server.keepAliveTimeout = 120_000;
  server.headersTimeout = 125_000;
  server.requestTimeout = 0;
  server.maxRequestsPerSocket = 0;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const addr = server.address();
      resolve({ server, port: addr.port, url: `http://${host}:${addr.port}`, stats });
    });
  });
}

const isMain = process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href;
if (isMain) {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '4200' },
      host: { type: 'string', default: '127.0.0.1' },
      'stream-interval-ms': { type: 'string', default: '10' },
      'slow-interval-ms': { type: 'string', default: '500' },
      chunks: { type: 'string', default: '20' },
    },
  });
  const m = await startMock({
    port: Number(values.port),
    host: values.host,
    streamIntervalMs: Number(values['stream-interval-ms']),
    slowIntervalMs: Number(values['slow-interval-ms']),
    chunks: Number(values.chunks),
  });
  console.log(`mock-upstream listening on ${m.url}`);
  const stop = () => m.server.close(() => process.exit(0)).closeAllConnections();
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
