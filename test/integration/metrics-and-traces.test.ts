import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCaptureServer } from './support/capture-server.js';
import type { CaptureServer } from './support/capture-server.js';
import { MASTER_KEY, passthroughConfig } from './support/gateway-config.js';
import { startMockUpstream } from './support/mock-upstream.js';
import type { MockUpstream } from './support/mock-upstream.js';
import { readLogRow } from './support/read-log-row.js';
import { readPrometheus, sumOf } from './support/read-prometheus.js';
import { startGateway } from './support/start-gateway.js';
import type { RunningGateway } from './support/start-gateway.js';

let upstream: MockUpstream;
let otlp: CaptureServer;
let gateway: RunningGateway;
let client: OpenAI;

const admin = (path: string, init: RequestInit = {}) =>
  fetch(`${gateway.url}${path}`, { ...init, headers: { authorization: `Bearer ${MASTER_KEY}`, 'content-type': 'application/json', ...init.headers } });

beforeAll(async () => {
  upstream = await startMockUpstream();
  otlp = await startCaptureServer();
  gateway = await startGateway(
    passthroughConfig(
      upstream.url,
      `observability:
  otlp_endpoint: ${otlp.url}/v1/traces
  metrics: { caller_labels: true }
  payloads: { max_bytes: 4096 }
`,
    ),
  );
  client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: MASTER_KEY, maxRetries: 0 });
});

afterAll(async () => {
  await gateway?.stop();
  await otlp?.close();
  await upstream?.close();
});

interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes: { key: string; value: Record<string, unknown> }[];
}

function spansIn(bodies: readonly string[]): OtlpSpan[] {
  return bodies.flatMap((body) => {
    const parsed = JSON.parse(body) as { resourceSpans: { scopeSpans: { spans: OtlpSpan[] }[] }[] };
    return parsed.resourceSpans.flatMap((resource) => resource.scopeSpans.flatMap((scope) => scope.spans));
  });
}

const attribute = (span: OtlpSpan, key: string): unknown => {
  const value = span.attributes.find((entry) => entry.key === key)?.value;
  return value && (value.stringValue ?? (value.intValue === undefined ? value.doubleValue : Number(value.intValue)));
};

describe('GET /metrics', () => {
  it('counts requests, tokens, cost, upstream errors and rejections after real traffic', async () => {
    await client.chat.completions.create({ model: 'gpt', messages: [{ role: 'user', content: 'one' }] });
    const stream = await client.chat.completions.create({ model: 'gpt', stream: true, messages: [{ role: 'user', content: 'two' }] });
    for await (const chunk of stream) void chunk;
    await client.chat.completions.create({ model: 'failing', messages: [{ role: 'user', content: 'x' }] }).catch(() => undefined);
    const created = (await (await admin('/admin/keys', { method: 'POST', body: JSON.stringify({ name: 'one-a-minute', rpm_limit: 1 }) })).json()) as { id: string; key: string };
    const limited = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: created.key, maxRetries: 0 });
    await limited.chat.completions.create({ model: 'gpt', messages: [{ role: 'user', content: 'a' }] });
    const refused = await limited.chat.completions.create({ model: 'gpt', messages: [{ role: 'user', content: 'b' }] }).catch((error: unknown) => error);
    expect((refused as { status: number }).status).toBe(429);

    expect((await fetch(`${gateway.url}/metrics`)).status).toBe(401);
    const response = await admin('/metrics');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain');
    const samples = readPrometheus(await response.text());
    expect(sumOf(samples, 'switchyard_requests_total', { model: 'gpt', provider: 'up', status: '200' })).toBe(3);
    expect(sumOf(samples, 'switchyard_requests_total', { model: 'gpt', status: '200', key: created.id })).toBe(1);
    expect(sumOf(samples, 'switchyard_requests_total', { model: 'failing', status: '502' })).toBe(1);
    expect(sumOf(samples, 'switchyard_requests_total', { model: 'gpt', status: '429' })).toBe(1);
    expect(sumOf(samples, 'switchyard_limit_rejections_total', { reason: 'rate_limit' })).toBe(1);
    // The mock upstream reports 11 prompt and 3 completion tokens per answer.
    expect(sumOf(samples, 'switchyard_tokens_total', { model: 'gpt', type: 'input' })).toBe(33);
    expect(sumOf(samples, 'switchyard_tokens_total', { model: 'gpt', type: 'output' })).toBe(9);
    // 11 x $2 + 3 x $10 per million tokens = $0.000052 per answer.
    expect(sumOf(samples, 'switchyard_cost_usd_total', { model: 'gpt' })).toBeCloseTo(3 * 0.000052, 9);
    expect(sumOf(samples, 'switchyard_upstream_errors_total', { provider: 'up', kind: 'upstream' })).toBe(1);
    expect(sumOf(samples, 'switchyard_request_duration_seconds_count', { model: 'gpt', provider: 'up' })).toBe(3);
    expect(sumOf(samples, 'switchyard_time_to_first_byte_seconds_count', { model: 'gpt', provider: 'up' })).toBe(3);
    expect(samples.some((sample) => sample.name === 'switchyard_requests_in_flight')).toBe(true);
    expect(samples.some((sample) => sample.name === 'switchyard_request_log_queue_depth')).toBe(true);
    expect(sumOf(samples, 'switchyard_request_log_dropped_total')).toBe(0);
  });

  it('serves every series the Grafana dashboard in docs/ queries', async () => {
    const exposition = await (await admin('/metrics')).text();
    const dashboard = readFileSync(resolve(import.meta.dirname, '../../docs/grafana/switchyard-dashboard.json'), 'utf8');
    const queried = new Set([...dashboard.matchAll(/switchyard_[a-z_]+/g)].map(([name]) => name.replace(/_(bucket|count|sum)$/, '')));
    // The export series exist only when observability.log_export is configured.
    const missing = [...queried].filter((name) => !name.startsWith('switchyard_log_export_') && !exposition.includes(`# TYPE ${name} `));
    expect(missing).toEqual([]);
  });
});

describe('OpenTelemetry traces', () => {
  it('continues the caller trace: a server span, a client span per attempt, traceparent sent upstream', async () => {
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const callerSpan = '00f067aa0ba902b7';
    const seen = upstream.received.length;
    const answer = await client.chat.completions
      .create({ model: 'gpt', messages: [{ role: 'user', content: 'traced' }] }, { headers: { traceparent: `00-${traceId}-${callerSpan}-01` } })
      .withResponse();
    const requestId = answer.response.headers.get('x-switchyard-request-id');
    const sent = upstream.received[seen]!.headers.traceparent as string;
    expect(sent).toMatch(new RegExp(`^00-${traceId}-[0-9a-f]{16}-01$`));
    const attemptSpanId = sent.split('-')[2]!;

    let spans: OtlpSpan[] = [];
    await expect.poll(() => (spans = spansIn(otlp.posts.map((post) => post.body)).filter((span) => span.traceId === traceId)).length, { timeout: 10_000 }).toBe(2);
    const server = spans.find((span) => span.parentSpanId === callerSpan)!;
    const attempt = spans.find((span) => span.spanId === attemptSpanId)!;
    expect(server).toBeDefined();
    expect(attempt.parentSpanId).toBe(server.spanId);
    expect(server.name).toBe('chat gpt');
    expect(attribute(server, 'gen_ai.request.model')).toBe('gpt');
    expect(attribute(server, 'gen_ai.response.model')).toBe('up-model');
    expect(attribute(server, 'gen_ai.usage.input_tokens')).toBe(11);
    expect(attribute(server, 'gen_ai.usage.output_tokens')).toBe(3);
    expect(attribute(server, 'gen_ai.operation.name')).toBe('chat');
    expect(attribute(server, 'switchyard.request_id')).toBe(requestId);
    expect(attribute(attempt, 'gen_ai.request.model')).toBe('up-model');
    expect(attribute(attempt, 'gen_ai.system')).toBe('openai-compatible');
    // The request log row carries the same trace id.
    const row = await readLogRow<{ trace_id: string }>(gateway.url, requestId);
    expect(row.trace_id).toBe(traceId);
  });
});

describe('payload logging', () => {
  it('is off by default and, for a key with log_payloads, stores redacted prompt and answer', async () => {
    const plain = await client.chat.completions.create({ model: 'demo', messages: [{ role: 'user', content: 'mail me at ann@example.com' }] }).withResponse();
    const plainRow = await readLogRow<{ payload?: unknown }>(gateway.url, plain.response.headers.get('x-switchyard-request-id'));
    expect(plainRow.payload).toBeUndefined();

    const created = (await (await admin('/admin/keys', { method: 'POST', body: JSON.stringify({ name: 'debugging', log_payloads: true }) })).json()) as { key: string; log_payloads: boolean };
    expect(created.log_payloads).toBe(true);
    const logged = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: created.key, maxRetries: 0 });
    const answer = await logged.chat.completions.create({ model: 'demo', messages: [{ role: 'user', content: 'mail me at ann@example.com' }] }).withResponse();
    expect(answer.data.choices[0]!.message.content).toBe('echo: mail me at ann@example.com');
    const row = await readLogRow<{ payload: { request: string; response: string; truncated: boolean } }>(gateway.url, answer.response.headers.get('x-switchyard-request-id'));
    expect(row.payload.truncated).toBe(false);
    expect(JSON.parse(row.payload.request)).toMatchObject({ model: 'demo', messages: [{ role: 'user', content: 'mail me at [EMAIL]' }] });
    expect(row.payload.response).toContain('echo: mail me at [EMAIL]');
    expect(JSON.stringify(row)).not.toContain('ann@example.com');

    const stream = await logged.chat.completions.create({ model: 'demo', stream: true, messages: [{ role: 'user', content: 'card 4111 1111 1111 1111 please' }] }).withResponse();
    for await (const chunk of stream.data) void chunk;
    const streamed = await readLogRow<{ payload: { request: string; response: string } }>(gateway.url, stream.response.headers.get('x-switchyard-request-id'));
    expect(streamed.payload.request).toContain('card [CARD] please');
    expect(streamed.payload.response).toBe('echo: card [CARD] please');
  });
});
