import type { ServerResponse } from 'node:http';
import type { ChatStreamEvent } from '../core/chat-stream-event.js';
import { toGatewayError } from '../core/errors.js';
import type { GatewayContext, GatewayResult } from '../pipeline/index.js';
import { sendJson } from './error-response.js';
import { createOpenAIChatChunkEncoder, encodeOpenAIChatResponse, encodeOpenAIEmbeddingsResponse, encodeOpenAIError } from './openai-surface.js';
import { addCostTrailer, setProxiedHeaders } from './proxied-headers.js';
import { writeWithBackpressure } from './write-with-backpressure.js';

const SSE_HEADERS = { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', 'x-accel-buffering': 'no' };

function sseData(value: unknown): string {
  return `data: ${JSON.stringify(value)}\n\n`;
}

async function* encodeEvents(events: AsyncIterable<ChatStreamEvent>, includeUsage: boolean): AsyncIterable<string> {
  const encoder = createOpenAIChatChunkEncoder({ includeUsage });
  for await (const event of events) {
    let text = '';
    for (const chunk of encoder.encode(event)) text += sseData(chunk);
    if (text !== '') yield text;
  }
  yield 'data: [DONE]\n\n';
}

/**
 * Streams to the caller with backpressure. Past the first byte nothing can be retried:
 * a failure becomes an in-stream error event in OpenAI's shape (the commit point).
 */
async function writeStream(response: ServerResponse, context: GatewayContext, status: number, chunks: AsyncIterable<string>): Promise<void> {
  response.writeHead(status, SSE_HEADERS);
  try {
    for await (const chunk of chunks) {
      if (response.destroyed) break;
      await writeWithBackpressure(response, chunk);
    }
  } catch (error) {
    if (!response.destroyed && !context.cancellation.aborted) response.write(sseData(encodeOpenAIError(toGatewayError(error))));
  }
  if (!response.destroyed) {
    addCostTrailer(response, context);
    response.end();
  }
}

/** Writes a pipeline result in the OpenAI surface's format. */
export async function writeGatewayResult(response: ServerResponse, context: GatewayContext, result: GatewayResult): Promise<void> {
  setProxiedHeaders(response, context, result.kind === 'raw-stream' || result.kind === 'chat-stream');
  switch (result.kind) {
    case 'raw':
      response.writeHead(result.status, { 'content-type': result.contentType, 'content-length': result.body.length });
      response.end(result.body);
      return;
    case 'raw-stream':
      return writeStream(response, context, result.status, result.chunks);
    case 'chat-stream':
      return writeStream(response, context, 200, encodeEvents(result.events, context.clientWantsStreamUsage));
    case 'chat':
      sendJson(response, 200, encodeOpenAIChatResponse(result.response));
      return;
    case 'embeddings': {
      const format = context.body.encoding_format === 'base64' ? 'base64' : 'float';
      sendJson(response, 200, encodeOpenAIEmbeddingsResponse(result.response, format));
      return;
    }
  }
}
