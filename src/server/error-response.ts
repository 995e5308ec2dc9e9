import type { ServerResponse } from 'node:http';
import type { GatewayError } from '../core/errors.js';
import { encodeOpenAIError } from './openai-surface.js';

/** Writes an error answer, with `Retry-After` when the error carries one. */
export function sendError(response: ServerResponse, error: GatewayError): void {
  if (response.headersSent) {
    response.destroy();
    return;
  }
  if (error.retryAfterMs !== undefined) response.setHeader('retry-after', String(Math.max(1, Math.ceil(error.retryAfterMs / 1000))));
  sendJson(response, error.status, encodeOpenAIError(error));
}

export function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  response.end(text);
}
