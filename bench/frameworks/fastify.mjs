// The hot path on Fastify (its own JSON body parser parses once).
//   node bench/frameworks/fastify.mjs --port N --upstream URL
import Fastify from 'fastify';
import { createUpstream, forwardChat, parseServerArgs } from './hot-path.mjs';

const { port, host, upstream } = parseServerArgs(process.argv);
const pool = createUpstream(upstream);
const app = Fastify({ logger: false, keepAliveTimeout: 120_000, bodyLimit: 10 * 1024 * 1024 });

app.get('/ready', async () => ({ status: 'ok' }));
app.post('/v1/chat/completions', async (request, reply) => {
  try {
    const out = await forwardChat(pool, request.body);
    return reply.code(out.status).header('content-type', out.contentType).send(out.body);
  } catch {
    return reply.code(502).send({ error: { message: 'upstream failed', type: 'upstream_error' } });
  }
});

await app.listen({ port, host });
console.log(`fastify hot path on http://${host}:${port}`);
const stop = () => app.close().then(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
