import type { ChatStreamEvent } from '../../core/chat-stream-event.js';
import { GatewayError } from '../../core/errors.js';
import type { UpstreamFrame } from '../../core/upstream-frame.js';
import { formatWarning } from '../../core/warning.js';
import type { Dialect, StreamDecoder } from '../../dialects/dialect.js';
import type { ProviderAdapter } from '../../providers/index.js';
import type { PlanStep } from '../../router/index.js';
import type { Transport } from '../../upstream/index.js';
import type { GatewayContext, GatewayResult } from '../gateway-context.js';
import { holdUntilFirstOutput } from './hold-until-first-output.js';
import { resolveRequestSigner } from './resolve-request-signer.js';
import { resolveUpstreamEndpoint } from './resolve-upstream-endpoint.js';
import { responseToStreamEvents } from './response-to-stream-events.js';
import { COUNT_TOKENS_ONLY_ANTHROPIC, readHeader, upstreamTimeouts, withTraceparent } from './upstream-call-settings.js';
import type { AttemptCall } from './upstream-call-settings.js';

const ERROR_BODY_LIMIT = 64 * 1024;

async function* decodeStream(frames: AsyncIterable<UpstreamFrame[]>, decoder: StreamDecoder, context: GatewayContext): AsyncIterable<ChatStreamEvent> {
  const watch = (event: ChatStreamEvent) => {
    if (event.type === 'usage') context.outcome.usage = event.usage;
    else if (event.type === 'error') context.outcome.streamError = event.error.message;
  };
  for await (const batch of frames) {
    for (const frame of batch) {
      for (const event of decoder.push(frame)) {
        watch(event);
        yield event;
      }
    }
  }
  for (const event of decoder.end()) {
    watch(event);
    yield event;
  }
}

async function* fromArray(events: ChatStreamEvent[]): AsyncIterable<ChatStreamEvent> {
  yield* events;
}

function parseJson(text: string, provider: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new GatewayError('GW_UPSTREAM_ERROR', `${provider} answered with a body that is not JSON.`);
  }
}

/**
 * A call across dialects: the caller's body decoded once to the canonical request,
 * encoded in the target's dialect, signed when the provider needs it, and the answer
 * decoded back into canonical events or a canonical response for the surface to encode.
 */
export async function callTranslated(adapter: ProviderAdapter, dialect: Dialect, step: PlanStep, context: GatewayContext, transport: Transport, call: AttemptCall = { signal: context.cancellation, traceparent: undefined }): Promise<GatewayResult> {
  const { signal } = call;
  const { connection, target } = step;
  if (context.operation === 'embeddings') {
    throw new GatewayError('GW_NOT_IMPLEMENTED', `Provider type "${adapter.type}" does not offer embeddings through this API.`);
  }
  if (context.operation === 'count-tokens') throw new GatewayError('GW_NOT_IMPLEMENTED', COUNT_TOKENS_ONLY_ANTHROPIC);
  if (context.passthroughOnly !== undefined) throw new GatewayError('GW_INVALID_REQUEST', `${context.passthroughOnly} (${connection.name} cannot serve it).`);
  context.request ??= context.surface.decodeRequest(context.body, context.warnings);
  const encoded = dialect.encodeRequest({ ...context.request, model: target.model, stream: context.stream }, { model: target.model, maxOutputTokens: target.maxOutputTokens });
  if (encoded.warnings.length > 0 && context.snapshot.models.get(step.modelName)?.strict) {
    const unsupported = encoded.warnings.map(formatWarning).join('; ');
    throw new GatewayError('GW_INVALID_REQUEST', `Model "${step.modelName}" is strict and ${connection.name} cannot honour: ${unsupported}`);
  }
  const endpoint = resolveUpstreamEndpoint(adapter, connection, 'chat', target.model, context.stream, dialect.id);
  if (!endpoint) throw new GatewayError('GW_NOT_IMPLEMENTED', `Provider type "${adapter.type}" does not offer chat.`);
  const body = JSON.stringify(encoded.body);
  const signer = resolveRequestSigner(adapter, connection);
  const baseHeaders = withTraceparent(endpoint.headers, call.traceparent);
  const headers = signer ? await signer.sign({ method: 'POST', url: endpoint.url, headers: baseHeaders, body }) : baseHeaders;
  const response = await transport.send({
    provider: connection.name,
    url: endpoint.url,
    method: 'POST',
    headers,
    body,
    signal,
    ...upstreamTimeouts(connection, context.stream, context.snapshot.models.get(step.modelName)?.timeouts),
    maxConnections: connection.maxConnections,
  });
  context.outcome.firstByteAt = context.clock.monotonic();
  if (response.status >= 400) {
    const text = await response.text(ERROR_BODY_LIMIT);
    throw dialect.decodeError({ provider: connection.name, status: response.status, headers: response.headers, body: text, now: context.clock.now() });
  }
  const contentType = readHeader(response.headers, 'content-type');
  const streamed = contentType.includes('text/event-stream') || contentType.includes('vnd.amazon.eventstream');
  if (context.stream && streamed) {
    const events = await holdUntilFirstOutput(decodeStream(response.frames(dialect.streamFraming), dialect.createStreamDecoder(), context));
    context.warnings.push(...encoded.warnings);
    return { kind: 'chat-stream', events };
  }
  const decoded = dialect.decodeResponse(parseJson((await response.bytes()).toString('utf8'), connection.name));
  context.outcome.usage = decoded.usage;
  context.warnings.push(...encoded.warnings);
  if (context.stream) return { kind: 'chat-stream', events: fromArray(responseToStreamEvents(decoded)) };
  return { kind: 'chat', response: decoded };
}
