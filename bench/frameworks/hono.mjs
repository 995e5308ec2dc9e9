// The hot path on Hono with @hono/node-server (c.req.json() parses once).
//   node bench/frameworks/hono.mjs --port N --upstream URL
import { Hono } from 'hono';
import { serve } from '@hono/node-server';
import { createUpstream, forwardChat, parseServerArgs } from './hot-path.mjs';

const { port, host, upstream } = parseServerArgs(process.argv);
const pool = createUpstream(upstream);
const app = new Hono();

app.get('/ready', (c) => c.json({ status: 'ok' }));
app.post('/v1/chat/completions', async (c) => {
  let parsed;
  try {
    parsed = await c.req.json();
  } catch {
    parsed = null;
  }
  try {
    const out = await forwardChat(pool, parsed);
    return c.body(out.body, out.status, { 'content-type': out.contentType });
  } catch {
    return c.json({ error: { message: 'upstream failed', type: 'upstream_error' } }, 502);
  }
});

const server = serve({ fetch: app.fetch, port, hostname: host }, () => console.log(`hono hot path on http://${host}:${port}`));
server.keepAliveTimeout = 120_000;
const stop = () => server.close(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
