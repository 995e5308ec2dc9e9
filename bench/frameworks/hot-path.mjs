// The minimal gateway hot path, shared by the three HTTP-layer variants so that only the
// HTTP layer differs: the caller has the request body parsed once; here the model is
// rewritten, the body serialized once and forwarded with undici Pool.request() (not
// fetch), the answer read whole, tapped for `usage` and handed back as the same bytes.
import { Pool } from 'undici';

export const MODEL_MAP = new Map([
  ['bench-model', 'mock-gpt'],
  ['bench-slow', 'mock-slow'],
]);

const UPSTREAM_HEADERS = { 'content-type': 'application/json', authorization: 'Bearer sk-mock' };
const NOT_FOUND = Buffer.from('{"error":{"message":"unknown model","type":"invalid_request_error","code":"model_not_found"}}');
const BAD_REQUEST = Buffer.from('{"error":{"message":"body must be a JSON object","type":"invalid_request_error"}}');

/** What every variant's request log would receive; kept so the tap is not dead code. */
export const usageTotals = { requests: 0, prompt_tokens: 0, completion_tokens: 0 };

export function createUpstream(origin) {
  return new Pool(origin, { connections: null, pipelining: 1, keepAliveTimeout: 60_000 });
}

function tapUsage(buf) {
  try {
    const u = JSON.parse(buf.toString('utf8')).usage;
    if (u) {
      usageTotals.requests++;
      usageTotals.prompt_tokens += u.prompt_tokens ?? 0;
      usageTotals.completion_tokens += u.completion_tokens ?? 0;
    }
  } catch {
    /* not JSON: nothing to record */
  }
}

/**
 * @param {Pool} pool
 * @param {object} parsed the client's JSON body, parsed once by the HTTP layer
 * @returns {Promise<{ status: number, contentType: string, body: Buffer }>}
 */
export async function forwardChat(pool, parsed) {
  if (!parsed || typeof parsed !== 'object') return { status: 400, contentType: 'application/json', body: BAD_REQUEST };
  const target = MODEL_MAP.get(parsed.model);
  if (!target) return { status: 404, contentType: 'application/json', body: NOT_FOUND };
  parsed.model = target;
  const res = await pool.request({ path: '/v1/chat/completions', method: 'POST', headers: UPSTREAM_HEADERS, body: JSON.stringify(parsed) });
  const parts = [];
  for await (const chunk of res.body) parts.push(chunk);
  const body = parts.length === 1 ? parts[0] : Buffer.concat(parts);
  if (res.statusCode === 200) tapUsage(body);
  return { status: res.statusCode, contentType: res.headers['content-type'] ?? 'application/json', body };
}

export function parseServerArgs(argv) {
  const get = (name, dflt) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 && argv[i + 1] ? argv[i + 1] : dflt;
  };
  return { port: Number(get('port', '4500')), host: get('host', '127.0.0.1'), upstream: get('upstream', 'http://127.0.0.1:4200') };
}
