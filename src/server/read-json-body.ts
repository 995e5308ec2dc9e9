import type { IncomingMessage } from 'node:http';
import { GatewayError } from '../core/errors.js';

function parseJsonObject(bytes: Buffer): Record<string, unknown> {
  const text = bytes.toString('utf8');
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new GatewayError('GW_MALFORMED_JSON', text.trim() === '' ? 'Request body is empty; expected a JSON object.' : 'Request body is not valid JSON.');
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new GatewayError('GW_INVALID_REQUEST', 'Request body must be a JSON object.');
  }
  return body as Record<string, unknown>;
}

/**
 * Reads and parses a JSON object body, refusing more than `limitBytes` (413) and
 * anything that is not a JSON object (400). Parsing happens once, here. Events rather
 * than an async iterator, and one promise: this runs on every request.
 */
export function readJsonBody(request: IncomingMessage, limitBytes: number): Promise<Record<string, unknown>> {
  const tooLarge = () => new GatewayError('GW_BODY_TOO_LARGE', `Request body is larger than ${limitBytes} bytes.`);
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > limitBytes) return Promise.reject(tooLarge());
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limitBytes) {
        request.off('data', onData);
        request.pause();
        reject(tooLarge());
        return;
      }
      chunks.push(chunk);
    };
    request.on('data', onData);
    request.once('end', () => {
      try {
        resolve(parseJsonObject(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
      } catch (error) {
        reject(error);
      }
    });
    request.once('error', reject);
  });
}
