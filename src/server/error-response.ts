import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { GatewayError } from '../core/errors.js';
import { encodeOpenAIError } from '../dialects/openai-chat/index.js';

export const REQUEST_ID_HEADER = 'x-switchyard-request-id';

/** Writes an error answer in OpenAI's shape, with `Retry-After` when the error carries one. */
export function sendError(response: ServerResponse, error: GatewayError, requestId: string): void {
  sendErrorBody(response, error, requestId, encodeOpenAIError(error));
}

/** Writes an error answer with a body already in the caller's API shape. */
export function sendErrorBody(response: ServerResponse, error: GatewayError, requestId: string, body: unknown): void {
  if (response.headersSent) {
    response.destroy();
    return;
  }
  let extra: OutgoingHttpHeaders | undefined =
    error.retryAfterMs === undefined ? undefined : { 'retry-after': String(Math.max(1, Math.ceil(error.retryAfterMs / 1000))) };
  if (error.headers) {
    extra ??= {};
    for (let index = 0; index + 1 < error.headers.length; index += 2) extra[error.headers[index]!] = error.headers[index + 1]!;
  }
  sendJson(response, error.status, body, requestId, extra);
}

/** Every answer carries the request id; headers go out in one `writeHead`. */
/** A text body of the given type (Prometheus exposition, CSV). */
export function sendText(response: ServerResponse, status: number, contentType: string, text: string, requestId: string): void {
  response.writeHead(status, { [REQUEST_ID_HEADER]: requestId, 'content-type': contentType, 'content-length': Buffer.byteLength(text) });
  response.end(text);
}

export function sendJson(response: ServerResponse, status: number, body: unknown, requestId: string, extra?: OutgoingHttpHeaders): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { ...extra, [REQUEST_ID_HEADER]: requestId, 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  response.end(text);
}
