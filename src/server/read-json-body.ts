import type { IncomingMessage } from 'node:http';
import { GatewayError } from '../core/errors.js';

/**
 * Reads and parses a JSON object body, refusing more than `limitBytes` (413) and
 * anything that is not a JSON object (400). Parsing happens once, here.
 */
export async function readJsonBody(request: IncomingMessage, limitBytes: number): Promise<Record<string, unknown>> {
  const tooLarge = () => new GatewayError('GW_BODY_TOO_LARGE', `Request body is larger than ${limitBytes} bytes.`);
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > limitBytes) throw tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > limitBytes) throw tooLarge();
    chunks.push(chunk as Buffer);
  }
  const text = chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks).toString('utf8');
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
