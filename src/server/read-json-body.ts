import type { IncomingMessage } from 'node:http';
import { GatewayError } from '../core/errors.js';

function collectBody(request: IncomingMessage, limitBytes: number): Promise<Buffer> {
  const tooLarge = () => new GatewayError('GW_BODY_TOO_LARGE', `Request body is larger than ${limitBytes} bytes.`);
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > limitBytes) return Promise.reject(tooLarge());
  // Events rather than an async iterator: this runs on every request and the iterator
  // machinery costs more than the copying.
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
    request.once('end', () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
    request.once('error', reject);
  });
}

/**
 * Reads and parses a JSON object body, refusing more than `limitBytes` (413) and
 * anything that is not a JSON object (400). Parsing happens once, here.
 */
export async function readJsonBody(request: IncomingMessage, limitBytes: number): Promise<Record<string, unknown>> {
  const text = (await collectBody(request, limitBytes)).toString('utf8');
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
