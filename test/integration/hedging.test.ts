import { once } from 'node:events';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MASTER_KEY } from './support/gateway-config.js';
import { readLogRow } from './support/read-log-row.js';
import { startGateway } from './support/start-gateway.js';
import type { RunningGateway } from './support/start-gateway.js';
import { startMockUpstream } from './support/mock-upstream.js';
import type { MockUpstream } from './support/mock-upstream.js';

/** An OpenAI-compatible upstream whose delay before the headers, and status, the test sets between requests. */
interface TunableUpstream {
  url: string;
  delayMs: number;
  /** 200 answers "tuned"; anything else fails with that status. */
  status: number;
  server: Server;
}

async function startTunableUpstream(): Promise<TunableUpstream> {
  const tunable: TunableUpstream = { url: '', delayMs: 0, status: 200, server: createServer() };
  tunable.server.on('request', (request, response) => {
    request.resume();
    request.on('end', () => {
      setTimeout(() => {
        if (response.destroyed) return;
        response.writeHead(tunable.status, { 'content-type': 'application/json' });
        if (tunable.status !== 200) {
          response.end(JSON.stringify({ error: { message: 'overloaded', type: 'server_error', code: null } }));
          return;
        }
        response.end(JSON.stringify({ id: 'c', object: 'chat.completion', created: 1, model: 'tunable', choices: [{ index: 0, message: { role: 'assistant', content: 'tuned' }, finish_reason: 'stop' }], usage: { prompt_tokens: 3, completion_tokens: 1, total_tokens: 4 } }));
      }, tunable.delayMs);
    });
  });
  tunable.server.listen(0, '127.0.0.1');
  await once(tunable.server, 'listening');
  tunable.url = `http://127.0.0.1:${(tunable.server.address() as AddressInfo).port}`;
  return tunable;
}

let upstream: MockUpstream;
let tunable: TunableUpstream;
let gateway: RunningGateway;
let client: OpenAI;

beforeAll(async () => {
  upstream = await startMockUpstream();
  tunable = await startTunableUpstream();
  gateway = await startGateway(`
auth: { master_key: ${MASTER_KEY} }
storage: { database: "sqlite::memory:" }
request_log: { flush_interval_ms: 20 }
providers:
  up: { type: openai-compatible, base_url: "${upstream.url}/v1", api_key: "sk-upstream-key" }
  tuned: { type: openai-compatible, base_url: "${tunable.url}/v1", api_key: "sk-upstream-key" }
models:
  hedged:
    strategy: priority
    hedge: { delay_ms: 100 }
    targets: [{ provider: up, model: slow-1500 }, { provider: up, model: steady-hedge }]
  hedged-stream:
    strategy: priority
    hedge: { delay_ms: 100 }
    targets: [{ provider: up, model: slow-1600 }, { provider: up, model: steady-hedge-stream }]
  quick-first:
    strategy: priority
    hedge: { delay_ms: 300 }
    targets: [{ provider: up, model: steady-quick }, { provider: up, model: slow-1400 }]
  all-slow:
    strategy: priority
    hedge: { delay_ms: 50 }
    targets: [{ provider: up, model: slow-1300 }, { provider: up, model: slow-1700 }]
  # The tunable deployment is set to fail 503 after 150 ms for these two.
  fails-late-first:
    strategy: priority
    retries: 0
    circuit_breaker: false
    hedge: { delay_ms: 50 }
    targets: [{ provider: tuned, model: tunable-late }, { provider: up, model: slow-400 }]
  both-fail:
    strategy: priority
    retries: 0
    circuit_breaker: false
    hedge: { delay_ms: 50 }
    targets: [{ provider: tuned, model: tunable-late }, { provider: up, model: fail-503 }, { provider: up, model: steady-third }]
  by-p95:
    strategy: priority
    hedge: { initial_delay_ms: 5000 }
    targets: [{ provider: tuned, model: tunable }, { provider: up, model: steady-p95 }]
`);
  client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: MASTER_KEY, maxRetries: 0, timeout: 5000 });
});

afterAll(async () => {
  await gateway?.stop();
  await upstream?.close();
  tunable?.server.closeAllConnections();
  tunable?.server.close();
});

interface LogRow {
  status: number;
  deployment_model: string | null;
  cost_flags: string[];
  attempts: number;
  attempts_detail: { provider: string; model: string; status: number | null; error_kind: string | null }[];
}

const logRow = (requestId: string | null, attempts: number) => readLogRow<LogRow>(gateway.url, requestId, (row) => row.attempts_detail.length === attempts);

const PROMPT = [{ role: 'user' as const, content: 'hi' }];
const receivedFor = (model: string) => upstream.received.filter((request) => request.body.model === model);

describe('hedging (real process, loopback upstream)', () => {
  it('starts a second attempt after the delay and answers from whichever answers first', async () => {
    const startedAt = performance.now();
    const { data: answer, response } = await client.chat.completions.create({ model: 'hedged', messages: PROMPT }).withResponse();
    const elapsedMs = performance.now() - startedAt;
    expect(answer.choices[0]?.message.content).toBe('Hello from upstream');
    expect(elapsedMs).toBeLessThan(1000);
    expect(response.headers.get('x-switchyard-model')).toBe('steady-hedge');
    expect.soft(response.headers.get('x-switchyard-attempts')).toBe('2');
    const [slow] = receivedFor('slow-1500');
    const [steady] = receivedFor('steady-hedge');
    expect(steady!.receivedAt - slow!.receivedAt).toBeGreaterThanOrEqual(50);

    // The loser's connection is closed, not left to finish.
    await expect.poll(() => upstream.aborted.includes('slow-1500'), { timeout: 1000 }).toBe(true);
    const row = await logRow(response.headers.get('x-switchyard-request-id'), 2);
    expect(row).toMatchObject({ status: 200, deployment_model: 'steady-hedge', attempts: 2 });
    expect(row.attempts_detail).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ model: 'steady-hedge', status: 200, error_kind: null }),
        expect.objectContaining({ model: 'slow-1500', status: null, error_kind: 'hedge_cancelled' }),
      ]),
    );
    // The loser never answered, so what it used is unknown.
    expect(row.cost_flags).toContain('superseded-usage-unknown');
  });

  it('never hedges a first deployment that answers within the delay', async () => {
    for (let request = 0; request < 5; request += 1) {
      const { response } = await client.chat.completions.create({ model: 'quick-first', messages: PROMPT }).withResponse();
      expect(response.headers.get('x-switchyard-model')).toBe('steady-quick');
      expect(response.headers.get('x-switchyard-attempts')).toBe('1');
    }
    // Long enough for a hedge started at 300 ms to have reached the upstream.
    await new Promise((resolve) => setTimeout(resolve, 350));
    expect(receivedFor('steady-quick')).toHaveLength(5);
    expect(receivedFor('slow-1400')).toHaveLength(0);
  });

  it('hedges a stream the same way, streaming the winner', async () => {
    const startedAt = performance.now();
    const { data: stream, response } = await client.chat.completions.create({ model: 'hedged-stream', messages: PROMPT, stream: true }).withResponse();
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    expect(text).toBe('Hello from upstream');
    expect(performance.now() - startedAt).toBeLessThan(1000);
    expect(response.headers.get('x-switchyard-model')).toBe('steady-hedge-stream');
    expect.soft(response.headers.get('x-switchyard-attempts')).toBe('2');
    await expect.poll(() => upstream.aborted.includes('slow-1600'), { timeout: 1000 }).toBe(true);
    const row = await logRow(response.headers.get('x-switchyard-request-id'), 2);
    expect(row.attempts_detail).toEqual(expect.arrayContaining([expect.objectContaining({ model: 'slow-1600', error_kind: 'hedge_cancelled' })]));
  });

  it('closes both upstream attempts when the caller leaves', async () => {
    const abandoned = await client.chat.completions.create({ model: 'all-slow', messages: PROMPT }, { timeout: 300 }).catch((caught: unknown) => caught);
    expect(abandoned).toBeInstanceOf(OpenAI.APIConnectionTimeoutError);
    expect(receivedFor('slow-1700')).toHaveLength(1);
    await expect.poll(() => upstream.aborted.includes('slow-1300') && upstream.aborted.includes('slow-1700'), { timeout: 1000 }).toBe(true);
  });

  it('waits for the other attempt when one fails retryably, and moves on when both failed', async () => {
    tunable.delayMs = 150;
    tunable.status = 503;
    try {
      const late = await client.chat.completions.create({ model: 'fails-late-first', messages: PROMPT }).withResponse();
      expect(late.data.choices[0]?.message.content).toBe('Hello from upstream');
      expect(late.response.headers.get('x-switchyard-model')).toBe('slow-400');
      const lateRow = await logRow(late.response.headers.get('x-switchyard-request-id'), 2);
      expect(lateRow.attempts_detail).toEqual(
        expect.arrayContaining([expect.objectContaining({ model: 'tunable-late', status: 503 }), expect.objectContaining({ model: 'slow-400', status: 200 })]),
      );

      const before = upstream.received.length;
      const both = await client.chat.completions.create({ model: 'both-fail', messages: PROMPT }).withResponse();
      expect(both.response.headers.get('x-switchyard-model')).toBe('steady-third');
      expect(both.response.headers.get('x-switchyard-attempts')).toBe('3');
      expect(upstream.received.slice(before).map((request) => request.body.model)).toEqual(['fail-503', 'steady-third']);
      const bothRow = await logRow(both.response.headers.get('x-switchyard-request-id'), 3);
      expect(bothRow.attempts_detail.map((attempt) => [attempt.model, attempt.status])).toEqual([
        ['fail-503', 503],
        ['tunable-late', 503],
        ['steady-third', 200],
      ]);
    } finally {
      tunable.status = 200;
    }
  });

  it("waits initial_delay_ms until the deployment has 20 samples, then hedges at its p95", async () => {
    // Too few samples: a 300 ms answer is waited for (the initial delay is 5 s).
    tunable.delayMs = 300;
    const first = await client.chat.completions.create({ model: 'by-p95', messages: PROMPT }).withResponse();
    expect(first.data.choices[0]?.message.content).toBe('tuned');
    expect(first.response.headers.get('x-switchyard-attempts')).toBe('1');

    // Twenty quick answers make a p95 of a few milliseconds.
    tunable.delayMs = 0;
    for (let request = 0; request < 20; request += 1) {
      const { response } = await client.chat.completions.create({ model: 'by-p95', messages: PROMPT }).withResponse();
      expect(response.headers.get('x-switchyard-model')).toBe('tunable');
    }
    expect(receivedFor('steady-p95')).toHaveLength(0);

    tunable.delayMs = 1500;
    const startedAt = performance.now();
    const hedged = await client.chat.completions.create({ model: 'by-p95', messages: PROMPT }).withResponse();
    expect(hedged.data.choices[0]?.message.content).toBe('Hello from upstream');
    expect.soft(hedged.response.headers.get('x-switchyard-attempts')).toBe('2');
    expect(performance.now() - startedAt).toBeLessThan(1000);
    expect(receivedFor('steady-p95')).toHaveLength(1);
  });
});
