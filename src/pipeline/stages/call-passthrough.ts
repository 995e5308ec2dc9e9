import { GatewayError } from '../../core/errors.js';
import type { Usage } from '../../core/usage.js';
import type { Warning } from '../../core/warning.js';
import type { Dialect } from '../../dialects/dialect.js';
import type { PassthroughCodec } from '../../dialects/passthrough.js';
import type { ProviderAdapter } from '../../providers/index.js';
import type { PlanStep } from '../../router/index.js';
import type { Transport } from '../../upstream/index.js';
import type { GatewayContext, GatewayResult } from '../gateway-context.js';
import { holdFirstChunk } from './hold-first-chunk.js';
import { TappedStream } from './tapped-stream.js';
import { resolveRequestSigner } from './resolve-request-signer.js';
import { resolveUpstreamEndpoint } from './resolve-upstream-endpoint.js';
import { readHeader, upstreamTimeouts, withTraceparent } from './upstream-call-settings.js';
import type { AttemptCall } from './upstream-call-settings.js';

const ERROR_BODY_LIMIT = 64 * 1024;

async function* emptyStream(): AsyncIterable<string> {}

// Only header values of a safe shape travel upstream; anything else is dropped.
const FORWARDABLE_VALUE = /^[\x20-\x7e]{1,1024}$/;

function readCallerHeaders(names: readonly string[], caller: GatewayContext['headers']): Record<string, string> {
  const picked: Record<string, string> = {};
  for (const name of names) {
    const value = caller[name];
    const text = Array.isArray(value) ? value.join(',') : value;
    if (text !== undefined && FORWARDABLE_VALUE.test(text)) picked[name] = text;
  }
  return picked;
}

function readUsage(codec: PassthroughCodec, body: Buffer, contentType: string): Usage | undefined {
  return contentType.includes('json') ? codec.readUsage(body.toString('utf8')) : undefined;
}

/**
 * Same-dialect call: the body is forwarded with the model rewritten (unknown fields
 * kept) and the answer comes back as the upstream wrote it, tapped for usage. A host's
 * envelope (Claude on Bedrock and Vertex) is the codec's to add and, in streams, to take off.
 */
export async function callPassthrough(adapter: ProviderAdapter, dialect: Dialect, codec: PassthroughCodec, step: PlanStep, context: GatewayContext, transport: Transport, call: AttemptCall = { signal: context.cancellation, traceparent: undefined }): Promise<GatewayResult> {
  const { signal } = call;
  const { connection, target } = step;
  const endpoint = resolveUpstreamEndpoint(adapter, connection, context.operation, target.model, context.stream, dialect.id);
  if (!endpoint) throw new GatewayError('GW_NOT_IMPLEMENTED', `Provider type "${adapter.type}" does not offer ${context.operation}.`);
  const warnings: Warning[] = [];
  const callerHeaders = codec.bodyHeaders && readCallerHeaders(codec.bodyHeaders, context.headers);
  const body = codec.prepareBody(context.body, { model: target.model, requestStreamUsage: connection.streamUsage, warnings, ...(callerHeaders && { callerHeaders }) });
  const text = JSON.stringify(body);
  const signer = resolveRequestSigner(adapter, connection);
  const baseHeaders = withTraceparent(codec.forwardHeaders ? { ...endpoint.headers, ...readCallerHeaders(codec.forwardHeaders, context.headers) } : endpoint.headers, call.traceparent);
  const headers = signer ? await signer.sign({ method: 'POST', url: endpoint.url, headers: baseHeaders, body: text }) : baseHeaders;
  const timeouts = upstreamTimeouts(connection, context.stream, context.snapshot.models.get(step.modelName)?.timeouts);
  const response = await transport.send({
    provider: connection.name,
    url: endpoint.url,
    method: 'POST',
    headers,
    body: text,
    signal,
    headersTimeoutMs: timeouts.headersTimeoutMs,
    bodyTimeoutMs: timeouts.bodyTimeoutMs,
    maxConnections: connection.maxConnections,
  });
  context.outcome.firstByteAt = context.clock.monotonic();
  if (response.status >= 400) {
    const errorText = await response.text(ERROR_BODY_LIMIT);
    throw dialect.decodeError({ provider: connection.name, status: response.status, headers: response.headers, body: errorText, now: context.clock.now() });
  }
  const contentType = readHeader(response.headers, 'content-type') || 'application/json';
  if (warnings.length > 0) context.warnings.push(...warnings);
  const streamed = contentType.includes('text/event-stream') || contentType.includes('vnd.amazon.eventstream');
  if (context.stream && streamed) {
    // An error event before anything else is thrown as the error it stands for, so its
    // kind (rate limited, overloaded...) decides the retry and the status the caller gets.
    const inBand: { error?: GatewayError } = {};
    const chunks = await holdFirstChunk(new TappedStream(response.frames(dialect.streamFraming), codec, { context, inBand }), context.outcome, () => inBand.error);
    return { kind: 'raw-stream', status: response.status, contentType: 'text/event-stream; charset=utf-8', chunks: chunks ?? emptyStream() };
  }
  const bytes = await response.bytes();
  context.outcome.usage = readUsage(codec, bytes, contentType);
  return { kind: 'raw', status: response.status, contentType, body: bytes };
}
