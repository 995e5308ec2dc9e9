import { once } from 'node:events';
import { createServer } from 'node:http';
import type { IncomingHttpHeaders, Server } from 'node:http';
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
 * model name: `fail-<status>[-retry-<s>]` fails, `flaky-<status>[-retry-<s>]` fails every
 * other request (the 1st, 3rd... for that model name), `slow-stream` streams slowly, `hang`
 * never answers; anything else answers "Hello from upstream" with usage.
 */
export interface MockUpstream {
  url: string;
  received: ReceivedRequest[];
  /** Requests whose connection closed before the mock finished answering. */
  aborted: string[];
  close(): Promise<void>;
}

function chunk(id: string, model: string, delta: Record<string, unknown>, finish: string | null): string {
  return `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created: 1, model, choices: [{ index: 0, delta, finish_reason: finish }], usage: null })}\n\n`;
}

export async function startMockUpstream(): Promise<MockUpstream> {
  const received: ReceivedRequest[] = [];
  const aborted: string[] = [];
  const seen = new Map<string, number>();
  const server: Server = createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const part of request) chunks.push(part as Buffer);
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
    received.push({ method: request.method ?? '', url: request.url ?? '', headers: request.headers, body, receivedAt: performance.now() });
    const model = String(body.model);
    const count = (seen.get(model) ?? 0) + 1;
    seen.set(model, count);
    let finished = false;
    response.on('close', () => {
      if (!finished) aborted.push(model);
    });
    const flaky = /^flaky-(\d{3})(?:-retry-(\d+))?$/.exec(model);
    const failure = flaky && count % 2 === 1 ? flaky : /^fail-(\d{3})(?:-retry-(\d+))?$/.exec(model);
    if (failure) {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (failure[2]) headers['retry-after'] = failure[2];
      response.writeHead(Number(failure[1]), headers);
      response.end(JSON.stringify({ error: { message: `upstream says ${failure[1]} for key sk-upstream-secret-123456789`, type: 'server_error', code: null } }));
      finished = true;
      return;
    }
    if (model === 'hang') return;
    if (request.url?.endsWith('/embeddings')) {
      const inputs = Array.isArray(body.input) ? body.input : [body.input];
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ object: 'list', model, data: inputs.map((_, index) => ({ object: 'embedding', index, embedding: [0.6, 0.8] })), usage: { prompt_tokens: 4, total_tokens: 4 } }));
      finished = true;
      return;
    }
    const words = ['Hello', ' from', ' upstream'];
    if (body.stream === true) {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      const delayMs = model === 'slow-stream' ? 150 : 0;
      response.write(': keep-alive comment\n\n');
      response.write(chunk('c1', model, { role: 'assistant', content: '' }, null));
      for (const word of words) {
        if (response.destroyed) return;
        if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
        response.write(chunk('c1', model, { content: word }, null));
      }
      response.write(chunk('c1', model, {}, 'stop'));
      const options = body.stream_options as { include_usage?: boolean } | undefined;
      if (options?.include_usage) {
        response.write(`data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', created: 1, model, choices: [], usage: { prompt_tokens: 11, completion_tokens: 3, total_tokens: 14, prompt_tokens_details: { cached_tokens: 4 } } })}\n\n`);
      }
      response.end('data: [DONE]\n\n');
      finished = true;
      return;
    }
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(
      JSON.stringify({
        id: 'chatcmpl-up',
        object: 'chat.completion',
        created: 1,
        model,
        choices: [{ index: 0, message: { role: 'assistant', content: words.join('') }, finish_reason: 'stop' }],
        usage: { prompt_tokens: 11, completion_tokens: 3, total_tokens: 14 },
        upstream_extra: { kept: true },
      }),
    );
    finished = true;
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    aborted,
    async close() {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}
