import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { publishRequestEnd } from '../../core/events.js';
import type { RequestRecord } from '../../core/request-record.js';
import { OtlpRequestTracer } from './otlp-request-tracer.js';

const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';

function record(overrides: Partial<RequestRecord> = {}): RequestRecord {
  return {
    requestId: 'req_1', createdAt: Date.UTC(2026, 10, 22, 12), endpoint: '/v1/chat/completions', keyId: 'key_1', teamId: 'red',
    requestedModel: 'smart', provider: 'up', deploymentModel: 'gpt-4o', status: 200, errorKind: undefined, errorMessage: undefined,
    latencyMs: 120, ttfbMs: 40, inputTokens: 11, outputTokens: 3, cachedTokens: undefined, reasoningTokens: undefined, costMicros: 52, costFlags: [],
    attempts: [
      { provider: 'up', model: 'gpt-4o-a', status: 503, errorKind: 'upstream', latencyMs: 30, startOffsetMs: 2, spanId: 'a1a1a1a1a1a1a1a1' },
      { provider: 'up', model: 'gpt-4o', status: 200, errorKind: undefined, latencyMs: 80, startOffsetMs: 35, spanId: 'b2b2b2b2b2b2b2b2' },
    ],
    cache: 'off', stream: false, clientIp: '127.0.0.1', tags: [], traceId: TRACE, spanId: 'c3c3c3c3c3c3c3c3', parentSpanId: '00f067aa0ba902b7', warnings: [],
    ...overrides,
  };
}

interface Span { traceId: string; spanId: string; parentSpanId?: string; name: string; kind: number; startTimeUnixNano: string; endTimeUnixNano: string; status: { code?: number }; attributes: { key: string; value: Record<string, unknown> }[] }

async function receiver(status = 200) {
  const bodies: string[] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      bodies.push(body);
      response.writeHead(status, { 'content-type': 'application/json' }).end('{}');
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const spans = () => bodies.flatMap((body) => (JSON.parse(body) as { resourceSpans: { resource: { attributes: { key: string }[] }; scopeSpans: { spans: Span[] }[] }[] }).resourceSpans.flatMap((resource) => resource.scopeSpans.flatMap((scope) => scope.spans)));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/traces`, bodies, spans, close: () => server.close() };
}

const attribute = (span: Span, key: string) => {
  const value = span.attributes.find((entry) => entry.key === key)?.value;
  return value && (value.stringValue ?? (value.intValue === undefined ? value.doubleValue : Number(value.intValue)));
};

describe('OtlpRequestTracer', () => {
  it('sends a server span and a client span per attempt with their ids, links, times and GenAI attributes', async () => {
    const collector = await receiver();
    const tracer = new OtlpRequestTracer({ endpoint: collector.url, headers: { 'x-token': 't' }, serviceName: 'switchyard-test', serviceVersion: '1.2.3', providerType: (name) => (name === 'up' ? 'openai' : undefined), onError: (error) => { throw error; } });
    tracer.start();
    publishRequestEnd(record());
    publishRequestEnd(record({ requestId: 'req_untraced', spanId: undefined }));
    await tracer.close();
    collector.close();
    const spans = collector.spans();
    expect(spans).toHaveLength(3);
    const server = spans.find((span) => span.spanId === 'c3c3c3c3c3c3c3c3')!;
    expect(server).toMatchObject({ traceId: TRACE, parentSpanId: '00f067aa0ba902b7', name: 'chat smart', kind: 2 });
    expect(BigInt(server.endTimeUnixNano) - BigInt(server.startTimeUnixNano)).toBe(120_000_000n);
    expect(attribute(server, 'gen_ai.system')).toBe('openai');
    expect(attribute(server, 'gen_ai.request.model')).toBe('smart');
    expect(attribute(server, 'gen_ai.response.model')).toBe('gpt-4o');
    expect(attribute(server, 'gen_ai.usage.input_tokens')).toBe(11);
    expect(attribute(server, 'gen_ai.usage.output_tokens')).toBe(3);
    expect(attribute(server, 'switchyard.request_id')).toBe('req_1');
    expect(attribute(server, 'switchyard.cost_usd')).toBe(0.000052);
    const failed = spans.find((span) => span.spanId === 'a1a1a1a1a1a1a1a1')!;
    const answered = spans.find((span) => span.spanId === 'b2b2b2b2b2b2b2b2')!;
    for (const attempt of [failed, answered]) expect(attempt).toMatchObject({ traceId: TRACE, parentSpanId: server.spanId, kind: 3 });
    expect(BigInt(answered.startTimeUnixNano) - BigInt(server.startTimeUnixNano)).toBe(35_000_000n);
    expect(attribute(failed, 'error.type')).toBe('upstream');
    expect(failed.status.code).toBe(2);
    expect(attribute(answered, 'gen_ai.request.model')).toBe('gpt-4o');
  });

  it('a collector that fails never reaches the publisher', async () => {
    const collector = await receiver(500);
    const errors: unknown[] = [];
    const tracer = new OtlpRequestTracer({ endpoint: collector.url, headers: {}, serviceName: 's', serviceVersion: '0', providerType: () => undefined, onError: (error) => errors.push(error) });
    tracer.start();
    expect(() => publishRequestEnd(record())).not.toThrow();
    await tracer.close();
    collector.close();
    expect(collector.bodies.length).toBeGreaterThan(0);
  });
});
