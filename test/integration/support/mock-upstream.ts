import { once } from 'node:events';
import { createServer } from 'node:http';
import type { IncomingHttpHeaders, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: Record<string, unknown>;
  /** `performance.now()` when the body had arrived. */
  receivedAt: number;
}

/**
 * A loopback stand-in for an OpenAI-compatible provider, steered by the deployment
 * model name:
 * - `fail-<status>[-retry-<s>]` fails with that status (and Retry-After);
 * - `flaky-<status>[-retry-<s>]` fails every other request (the 1st, 3rd... for that name);
 * - `fail-context`: 400 `context_length_exceeded` (OpenAI's shape);
 * - `fail-content-filter`: 400 `content_filter` (Azure's shape, `type: null`);
 * - `refuse`: 200 with `finish_reason: "content_filter"` and no content, stream or not;
 * - `drop-mid-stream`: streams the role and "Hello", " from", then drops the connection
 *   (no finish chunk, no [DONE]); without `stream` it drops before sending headers;
 * - `drop-after-headers`: sends 200 event-stream headers, then drops before any chunk;
 * - `error-first`: streams an in-band `{"error": ...}` event as its first chunk, then ends;
 * - `slow-<ms>` waits that long before the headers, then answers normally (writes nothing
 *   if the caller left meanwhile); `slow-stream` streams slowly;
 * - `hang` never answers;
 * - `large-stream` streams LARGE_STREAM_CHUNKS chunks of LARGE_CHUNK_CHARS characters
 *   each, waiting for `drain` whenever the socket is full (`largeStreamsDone` counts the
 *   ones written to the end);
 * - anything else answers "Hello from upstream" with usage.
 */
export interface MockUpstream {
  url: string;
  received: ReceivedRequest[];
  /** Requests whose connection closed before the mock finished answering. */
  aborted: string[];
  /** `large-stream` answers written to the end. */
  largeStreamsDone: number;
  close(): Promise<void>;
}

const WORDS = ['Hello', ' from', ' upstream'];
export const LARGE_STREAM_CHUNKS = 1500;
export const LARGE_CHUNK_CHARS = 8 * 1024;
const USAGE = { prompt_tokens: 11, completion_tokens: 3, total_tokens: 14 };

const NAMED_FAILURES: Readonly<Record<string, unknown>> = {
  'fail-context': {
    error: {
      message: "This model's maximum context length is 8192 tokens. However, your messages resulted in 9000 tokens. Please reduce the length of the messages.",
      type: 'invalid_request_error',
      code: 'context_length_exceeded',
      param: 'messages',
    },
  },
  'fail-content-filter': {
    error: { message: 'The response was filtered due to the prompt triggering content management policy.', type: null, code: 'content_filter', param: 'prompt' },
  },
};

function chunk(id: string, model: string, delta: Record<string, unknown>, finish: string | null): string {
  return `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created: 1, model, choices: [{ index: 0, delta, finish_reason: finish }], usage: null })}\n\n`;
}

function usageChunk(model: string): string {
  return `data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', created: 1, model, choices: [], usage: { ...USAGE, prompt_tokens_details: { cached_tokens: 4 } } })}\n\n`;
}

function wantsUsage(body: Record<string, unknown>): boolean {
  return (body.stream_options as { include_usage?: boolean } | undefined)?.include_usage === true;
}

// Resolves once the bytes are handed to the kernel, so a socket destroyed afterwards has sent them.
function flush(response: ServerResponse, text: string): Promise<void> {
  return new Promise((resolve) => response.write(text, () => resolve()));
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function writeJson(response: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(JSON.stringify(value));
}

async function dropMidStream(request: IncomingMessage, response: ServerResponse, model: string, stream: boolean): Promise<void> {
  if (!stream) {
    request.socket.destroy();
    return;
  }
  response.writeHead(200, { 'content-type': 'text/event-stream' });
  await flush(response, chunk('c1', model, { role: 'assistant', content: '' }, null));
  for (const word of WORDS.slice(0, 2)) await flush(response, chunk('c1', model, { content: word }, null));
  request.socket.destroy();
}

async function dropAfterHeaders(request: IncomingMessage, response: ServerResponse): Promise<void> {
  response.writeHead(200, { 'content-type': 'text/event-stream' });
  response.flushHeaders();
  await new Promise((resolve) => setTimeout(resolve, 20));
  request.socket.destroy();
}

function errorFirst(response: ServerResponse): void {
  response.writeHead(200, { 'content-type': 'text/event-stream' });
  response.end(`data: ${JSON.stringify({ error: { message: 'The server had an error while processing your request.', type: 'server_error', code: null } })}\n\n`);
}

function refuse(response: ServerResponse, model: string, body: Record<string, unknown>): void {
  if (body.stream !== true) {
    writeJson(response, 200, {
      id: 'chatcmpl-up',
      object: 'chat.completion',
      created: 1,
      model,
      choices: [{ index: 0, message: { role: 'assistant', content: null }, finish_reason: 'content_filter' }],
      usage: { prompt_tokens: 11, completion_tokens: 0, total_tokens: 11 },
    });
    return;
  }
  response.writeHead(200, { 'content-type': 'text/event-stream' });
  response.write(chunk('c1', model, { role: 'assistant', content: '' }, null));
  response.write(chunk('c1', model, {}, 'content_filter'));
  if (wantsUsage(body)) response.write(usageChunk(model));
  response.end('data: [DONE]\n\n');
}

async function largeStream(response: ServerResponse, model: string): Promise<boolean> {
  response.writeHead(200, { 'content-type': 'text/event-stream' });
  const content = 'x'.repeat(LARGE_CHUNK_CHARS);
  for (let index = 0; index < LARGE_STREAM_CHUNKS; index++) {
    if (response.destroyed) return false;
    if (!response.write(chunk('c1', model, { content }, null))) await Promise.race([once(response, 'drain'), once(response, 'close')]);
  }
  response.write(chunk('c1', model, {}, 'stop'));
  response.end('data: [DONE]\n\n');
  return true;
}

async function answer(response: ServerResponse, model: string, body: Record<string, unknown>): Promise<boolean> {
  if (body.stream === true) {
    response.writeHead(200, { 'content-type': 'text/event-stream' });
    const delayMs = model === 'slow-stream' ? 150 : 0;
    response.write(': keep-alive comment\n\n');
    response.write(chunk('c1', model, { role: 'assistant', content: '' }, null));
    for (const word of WORDS) {
      if (response.destroyed) return false;
      if (delayMs > 0) await sleep(delayMs);
      response.write(chunk('c1', model, { content: word }, null));
    }
    response.write(chunk('c1', model, {}, 'stop'));
    if (wantsUsage(body)) response.write(usageChunk(model));
    response.end('data: [DONE]\n\n');
    return true;
  }
  writeJson(response, 200, {
    id: 'chatcmpl-up',
    object: 'chat.completion',
    created: 1,
    model,
    choices: [{ index: 0, message: { role: 'assistant', content: WORDS.join('') }, finish_reason: 'stop' }],
    usage: USAGE,
    upstream_extra: { kept: true },
  });
  return true;
}

export async function startMockUpstream(): Promise<MockUpstream> {
  const received: ReceivedRequest[] = [];
  const aborted: string[] = [];
  const seen = new Map<string, number>();
  let largeStreamsDone = 0;
  const server: Server = createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const part of request) chunks.push(part as Buffer);
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
    received.push({ method: request.method ?? '', url: request.url ?? '', headers: request.headers, body, receivedAt: performance.now() });
    const model = String(body.model);
    const count = (seen.get(model) ?? 0) + 1;
    seen.set(model, count);
    let finished = false;
    let closed = false;
    response.on('close', () => {
      closed = true;
      if (!finished) aborted.push(model);
    });
    const flaky = /^flaky-(\d{3})(?:-retry-(\d+))?$/.exec(model);
    const failure = flaky && count % 2 === 1 ? flaky : /^fail-(\d{3})(?:-retry-(\d+))?$/.exec(model);
    if (failure) {
      writeJson(
        response,
        Number(failure[1]),
        { error: { message: `upstream says ${failure[1]} for key sk-upstream-secret-123456789`, type: 'server_error', code: null } },
        failure[2] ? { 'retry-after': failure[2] } : {},
      );
      finished = true;
      return;
    }
    const named = NAMED_FAILURES[model];
    if (named !== undefined) {
      writeJson(response, 400, named);
      finished = true;
      return;
    }
    if (model === 'hang') return;
    // Dropping the connection is the point: it never counts as finished.
    if (model === 'drop-mid-stream') return dropMidStream(request, response, model, body.stream === true);
    if (model === 'drop-after-headers') return dropAfterHeaders(request, response);
    if (model === 'error-first') {
      errorFirst(response);
      finished = true;
      return;
    }
    if (model === 'refuse') {
      refuse(response, model, body);
      finished = true;
      return;
    }
    const slow = /^slow-(\d+)$/.exec(model);
    if (slow) {
      await sleep(Number(slow[1]));
      if (closed) return;
    }
    if (request.url?.endsWith('/embeddings')) {
      const inputs = Array.isArray(body.input) ? body.input : [body.input];
      writeJson(response, 200, { object: 'list', model, data: inputs.map((_, index) => ({ object: 'embedding', index, embedding: [0.6, 0.8] })), usage: { prompt_tokens: 4, total_tokens: 4 } });
      finished = true;
      return;
    }
    if (model === 'large-stream') {
      finished = await largeStream(response, model);
      if (finished) largeStreamsDone += 1;
      return;
    }
    finished = await answer(response, model, body);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    aborted,
    get largeStreamsDone() {
      return largeStreamsDone;
    },
    async close() {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}
