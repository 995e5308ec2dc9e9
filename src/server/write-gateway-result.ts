import type { ServerResponse } from 'node:http';
import { toGatewayError } from '../core/errors.js';
import { isPushStream } from '../core/push-stream.js';
import type { PushStream, StreamSink } from '../core/push-stream.js';
import type { SurfaceResponseOptions, SurfaceStreamEncoder } from '../dialects/surface.js';
import type { GatewayContext, GatewayResult } from '../pipeline/index.js';
import { encodeOpenAIEmbeddingsResponse } from '../dialects/openai-chat/index.js';
import { addCostTrailer, proxiedHeaders } from './proxied-headers.js';
import { writeWithBackpressure } from './write-with-backpressure.js';

const SSE_HEADERS = ['content-type', 'text/event-stream; charset=utf-8', 'cache-control', 'no-cache', 'x-accel-buffering', 'no'];

async function* encodeEvents(result: Extract<GatewayResult, { kind: 'chat-stream' }>, encoder: SurfaceStreamEncoder): AsyncIterable<string> {
  for await (const event of result.events) {
    const text = encoder.encode(event);
    if (text !== '') yield text;
  }
  const closing = encoder.end();
  if (closing !== '') yield closing;
}

// A manual loop rather than for-await: the written chunk is let go before the next is
// awaited, instead of staying referenced while a slow stream waits (see DispatchedResponse).
async function pullInto(response: ServerResponse, chunks: AsyncIterable<string>): Promise<void> {
  const iterator = chunks[Symbol.asyncIterator]();
  for (;;) {
    let next: IteratorResult<string> | undefined = await iterator.next();
    if (next.done) return;
    if (response.destroyed) {
      await iterator.return?.();
      return;
    }
    const writing = writeWithBackpressure(response, next.value);
    // eslint-disable-next-line no-useless-assignment -- a suspended function keeps its locals alive
    next = undefined;
    if (writing) await writing;
  }
}

class ResponseSink implements StreamSink<string> {
  readonly #response: ServerResponse;
  constructor(response: ServerResponse) {
    this.#response = response;
  }
  write(chunk: string): boolean {
    return this.#response.destroyed || this.#response.write(chunk);
  }
}

// Each chunk is written as it arrives, like pipe(): a full socket pauses the upstream
// one until it drains; a caller that leaves stops it.
async function pushInto(response: ServerResponse, chunks: PushStream<string>): Promise<void> {
  const resume = () => chunks.resume();
  const stop = () => void chunks.return?.();
  response.on('drain', resume);
  response.once('close', stop);
  try {
    await chunks.pushTo(new ResponseSink(response));
  } finally {
    response.off('drain', resume);
    response.off('close', stop);
  }
}

/**
 * Streams to the caller with backpressure. Past the first byte nothing can be retried:
 * a failure becomes an in-stream error event in the surface's format (the commit point).
 */
async function writeStream(response: ServerResponse, context: GatewayContext, status: number, chunks: AsyncIterable<string>, encoder: SurfaceStreamEncoder): Promise<void> {
  const headers = proxiedHeaders(context, true);
  headers.push(...SSE_HEADERS);
  response.writeHead(status, headers);
  try {
    await (isPushStream(chunks) ? pushInto(response, chunks) : pullInto(response, chunks));
  } catch (error) {
    if (!response.destroyed && !context.cancellation.aborted) response.write(encoder.error(toGatewayError(error)));
  }
  if (!response.destroyed) {
    addCostTrailer(response, context);
    response.end();
  }
}

function writeJson(response: ServerResponse, context: GatewayContext, body: unknown): void {
  const text = JSON.stringify(body);
  const headers = proxiedHeaders(context, false);
  headers.push('content-type', 'application/json', 'content-length', String(Buffer.byteLength(text)));
  response.writeHead(200, headers);
  response.end(text);
}

function encodingOptions(context: GatewayContext, answerOptions: Partial<SurfaceResponseOptions> | undefined): SurfaceResponseOptions {
  return { ...answerOptions, model: context.outcome.deploymentModel ?? context.requestedModel };
}

/**
 * Writes a pipeline result in the surface's format. Passthrough results are already in
 * it and go out as they came; only streams return a promise.
 */
export function writeGatewayResult(
  response: ServerResponse,
  context: GatewayContext,
  result: GatewayResult,
  answerOptions?: Partial<SurfaceResponseOptions>,
): Promise<void> | undefined {
  const { surface } = context;
  switch (result.kind) {
    case 'raw': {
      const headers = proxiedHeaders(context, false);
      headers.push('content-type', result.contentType, 'content-length', String(result.body.length));
      response.writeHead(result.status, headers);
      response.end(result.body);
      return undefined;
    }
    case 'raw-stream':
      return writeStream(response, context, result.status, result.chunks, surface.createStreamEncoder({ ...encodingOptions(context, answerOptions), includeUsage: context.clientWantsStreamUsage }));
    case 'chat-stream': {
      const encoder = surface.createStreamEncoder({ ...encodingOptions(context, answerOptions), includeUsage: context.clientWantsStreamUsage });
      return writeStream(response, context, 200, encodeEvents(result, encoder), encoder);
    }
    case 'chat':
      writeJson(response, context, surface.encodeResponse(result.response, encodingOptions(context, answerOptions)));
      return undefined;
    case 'embeddings':
      writeJson(response, context, encodeOpenAIEmbeddingsResponse(result.response, context.body.encoding_format === 'base64' ? 'base64' : 'float'));
      return undefined;
  }
}
