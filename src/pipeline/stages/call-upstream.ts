import { GatewayError } from '../../core/errors.js';
import type { Usage } from '../../core/usage.js';
import type { PassthroughCodec } from '../../dialects/passthrough.js';
import type { ProviderAdapter } from '../../providers/index.js';
import type { PlanStep } from '../../router/index.js';
import type { Transport, UpstreamResponse } from '../../upstream/index.js';
import type { GatewayContext, GatewayResult } from '../gateway-context.js';
import { resolveUpstreamEndpoint } from './resolve-upstream-endpoint.js';

const ERROR_BODY_LIMIT = 64 * 1024;
const DEFAULT_HEADERS_TIMEOUT_MS = 300_000;
const STREAM_IDLE_TIMEOUT_MS = 120_000;

function headerValue(value: string | string[] | undefined): string {
  return (Array.isArray(value) ? value[0] : value) ?? '';
}

async function* tapStream(response: UpstreamResponse, codec: PassthroughCodec, context: GatewayContext): AsyncIterable<string> {
  const tap = codec.createStreamTap?.({ dropUsageOnlyFrames: !context.clientWantsStreamUsage });
  for await (const frames of response.frames()) {
    let forwarded = '';
    for (const frame of frames) {
      const verdict = tap?.push(frame);
      if (verdict?.usage) context.outcome.usage = verdict.usage;
      if (verdict?.errorMessage) context.outcome.streamError = verdict.errorMessage;
      if (verdict === undefined || verdict.forward) forwarded += frame.raw;
    }
    if (forwarded !== '') yield forwarded;
  }
}

function readUsage(codec: PassthroughCodec, body: Buffer, contentType: string): Usage | undefined {
  return contentType.includes('json') ? codec.readUsage(body.toString('utf8')) : undefined;
}

/**
 * Same-dialect call: the body is forwarded with the model rewritten (unknown fields
 * kept) and the answer comes back as the upstream wrote it, tapped for usage.
 * Translation between dialects arrives with issue #3.
 */
export async function callUpstream(adapter: ProviderAdapter, step: PlanStep, context: GatewayContext, transport: Transport): Promise<GatewayResult> {
  const { connection, target } = step;
  const codec = adapter.passthrough?.[context.operation];
  if (!adapter.dialect || !codec || adapter.dialect.id !== context.surface.dialect) {
    throw new GatewayError('GW_NOT_IMPLEMENTED', `Translating ${context.surface.dialect} to provider type "${adapter.type}" is not implemented yet.`);
  }
  const endpoint = resolveUpstreamEndpoint(adapter, connection, context.operation, target.model, context.stream);
  if (!endpoint) throw new GatewayError('GW_NOT_IMPLEMENTED', `Provider type "${adapter.type}" does not offer ${context.operation}.`);
  const body = codec.prepareBody(context.body, { model: target.model, requestStreamUsage: connection.streamUsage });
  const response = await transport.send({
    provider: connection.name,
    url: endpoint.url,
    method: 'POST',
    headers: endpoint.headers,
    body: JSON.stringify(body),
    signal: context.cancellation,
    headersTimeoutMs: connection.timeoutMs ?? DEFAULT_HEADERS_TIMEOUT_MS,
    bodyTimeoutMs: context.stream ? STREAM_IDLE_TIMEOUT_MS : (connection.timeoutMs ?? DEFAULT_HEADERS_TIMEOUT_MS),
    maxConnections: connection.maxConnections,
  });
  context.outcome.firstByteAt = context.clock.monotonic();
  if (response.status >= 400) {
    const text = await response.text(ERROR_BODY_LIMIT);
    throw adapter.dialect.decodeError({ provider: connection.name, status: response.status, headers: response.headers, body: text, now: context.clock.now() });
  }
  const contentType = headerValue(response.headers['content-type']) || 'application/json';
  if (context.stream && contentType.includes('text/event-stream')) {
    return { kind: 'raw-stream', status: response.status, contentType: 'text/event-stream; charset=utf-8', chunks: tapStream(response, codec, context) };
  }
  const bytes = await response.bytes();
  context.outcome.usage = readUsage(codec, bytes, contentType);
  return { kind: 'raw', status: response.status, contentType, body: bytes };
}
