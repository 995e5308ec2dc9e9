import type { EmbeddingRequest } from '../../core/embedding.js';
import { GatewayError } from '../../core/errors.js';
import { formatWireIssue } from '../_shared/format-wire-issue.js';
import { openAIEmbeddingsRequestSchema } from './openai-embeddings-wire.js';

/**
 * Validates and decodes a client's `POST /v1/embeddings` body. Text inputs only: token
 * arrays (pre-tokenized input) are refused, because their meaning depends on one
 * model's tokenizer and cannot be routed to another.
 */
export function decodeOpenAIEmbeddingsRequest(body: unknown): EmbeddingRequest {
  if (hasTokenArrayInput(body)) {
    throw new GatewayError('GW_INVALID_REQUEST', 'input: token array input is not supported', { param: 'input' });
  }
  const result = openAIEmbeddingsRequestSchema.safeParse(body);
  if (!result.success) {
    const first = result.error.issues[0];
    const issue = first ? formatWireIssue(first) : { path: 'body', message: 'invalid request' };
    throw new GatewayError('GW_INVALID_REQUEST', `${issue.path}: ${issue.message}`, { param: issue.path });
  }
  const wire = result.data;
  const input = typeof wire.input === 'string' ? [wire.input] : wire.input;
  if (input.length === 0) throw new GatewayError('GW_INVALID_REQUEST', 'input: must not be empty', { param: 'input' });
  const request: EmbeddingRequest = { model: wire.model, input };
  if (typeof wire.dimensions === 'number') request.dimensions = wire.dimensions;
  if (wire.encoding_format) request.encodingFormat = wire.encoding_format;
  if (typeof wire.user === 'string') request.user = wire.user;
  return request;
}

function hasTokenArrayInput(body: unknown): boolean {
  if (typeof body !== 'object' || body === null || !('input' in body)) return false;
  const input = body.input;
  return Array.isArray(input) && input.some((item) => typeof item === 'number' || Array.isArray(item));
}
