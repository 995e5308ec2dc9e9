import { describe, expect, it } from 'vitest';
import { parseConfigText } from '../../config/index.js';
import { Cancellation } from '../../core/cancellation.js';
import { GatewayError } from '../../core/errors.js';
import { createProviderRegistry } from '../../providers/index.js';
import type { Transport, UpstreamRequest, UpstreamResponse } from '../../upstream/index.js';
import { createConnectionProbe } from './create-connection-probe.js';

const snapshot = parseConfigText(
  `
providers:
  compat: { type: openai-compatible, base_url: "http://upstream.test/v1", api_key: "sk-compat", health_check: { interval_s: 5, model: cheap, timeout_ms: 100 } }
  claude: { type: anthropic, api_key: "sk-ant", health_check: { interval_s: 5, model: claude-haiku } }
models:
  m: { targets: [{ provider: compat, model: x }] }
`,
  { source: 't', env: {}, version: 1, now: 0 },
);
const clock = { now: () => Date.now(), monotonic: () => performance.now() };

function jsonResponse(status: number, body: unknown): UpstreamResponse {
  const bytes = Buffer.from(JSON.stringify(body));
  return {
    status,
    headers: { 'content-type': 'application/json' },
    frames: () => {
      throw new Error('a probe reads no stream');
    },
    text: () => Promise.resolve(bytes.toString('utf8')),
    bytes: () => Promise.resolve(bytes),
  };
}

/** A transport that records requests and answers with `answer`; `undefined` hangs until aborted. */
function fakeTransport(answer: (request: UpstreamRequest) => UpstreamResponse | undefined) {
  const sent: UpstreamRequest[] = [];
  const transport: Transport = {
    send(request) {
      sent.push(request);
      const response = answer(request);
      if (response) return Promise.resolve(response);
      return new Promise((_resolve, reject) => {
        (request.signal as Cancellation).once('abort', () => reject(new GatewayError('GW_UPSTREAM_ERROR', 'aborted')));
      });
    },
    close: () => Promise.resolve(),
  };
  return { transport, sent };
}

const OPENAI_ANSWER = { id: 'c', object: 'chat.completion', created: 1, model: 'cheap', choices: [{ index: 0, message: { role: 'assistant', content: 'p' }, finish_reason: 'length' }] };

function probeOf(name: string, answer: (request: UpstreamRequest) => UpstreamResponse | undefined) {
  const { transport, sent } = fakeTransport(answer);
  const probe = createConnectionProbe({ registry: createProviderRegistry(), transport, clock });
  const connection = snapshot.providers.get(name)!;
  const run = (stop = new Cancellation()) => probe(snapshot, connection, connection.healthCheck!, stop);
  return { run, sent };
}

describe('createConnectionProbe', () => {
  it('sends a one-token ping through the provider machinery and resolves on an answer', async () => {
    const { run, sent } = probeOf('compat', () => jsonResponse(200, OPENAI_ANSWER));
    await expect(run()).resolves.toBeUndefined();
    expect(sent).toHaveLength(1);
    expect(sent[0]!.url).toBe('http://upstream.test/v1/chat/completions');
    expect(sent[0]!.headers.authorization).toBe('Bearer sk-compat');
    expect(JSON.parse(sent[0]!.body!)).toEqual({ model: 'cheap', messages: [{ role: 'user', content: 'ping' }], max_tokens: 1 });
  });

  it('translates the ping for a provider speaking another dialect', async () => {
    const { run, sent } = probeOf('claude', () =>
      jsonResponse(200, { id: 'msg', type: 'message', role: 'assistant', model: 'claude-haiku', content: [{ type: 'text', text: 'p' }], stop_reason: 'max_tokens', usage: { input_tokens: 8, output_tokens: 1 } }),
    );
    await expect(run()).resolves.toBeUndefined();
    expect(sent[0]!.url).toMatch(/\/v1\/messages$/);
    expect(sent[0]!.headers['x-api-key']).toBe('sk-ant');
    expect(JSON.parse(sent[0]!.body!)).toMatchObject({ model: 'claude-haiku', max_tokens: 1, messages: [{ role: 'user' }] });
  });

  it('fails with the upstream error, its secrets redacted', async () => {
    const { run } = probeOf('compat', () => jsonResponse(503, { error: { message: 'overloaded for key sk-compat-secret-123456789', type: 'server_error' } }));
    const failure = await run().then(() => undefined, (error: unknown) => error);
    expect(failure).toBeInstanceOf(GatewayError);
    expect((failure as GatewayError).upstream?.status).toBe(503);
    expect((failure as GatewayError).message).not.toContain('sk-compat-secret-123456789');
  });

  it('fails as a timeout when no answer comes within timeout_ms, aborting the request', async () => {
    const { run } = probeOf('compat', () => undefined);
    const startedAt = performance.now();
    await expect(run()).rejects.toMatchObject({ code: 'GW_UPSTREAM_TIMEOUT', message: 'compat gave no answer to the health check within 100 ms.' });
    expect(performance.now() - startedAt).toBeLessThan(1000);
  });

  it('is aborted by its stop signal', async () => {
    const { run } = probeOf('compat', () => undefined);
    const stop = new Cancellation();
    const probing = run(stop);
    stop.cancel();
    await expect(probing).rejects.toMatchObject({ message: 'aborted' });
  });
});
