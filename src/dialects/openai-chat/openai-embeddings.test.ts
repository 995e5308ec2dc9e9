import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../core/errors.js';
import { decodeOpenAIEmbeddingsRequest } from './decode-openai-embeddings-request.js';
import { encodeOpenAIEmbeddingsResponse } from './encode-openai-embeddings-response.js';

function decodeError(body: unknown): GatewayError {
  try {
    decodeOpenAIEmbeddingsRequest(body);
  } catch (error) {
    if (error instanceof GatewayError) return error;
    throw error;
  }
  throw new Error('expected decodeOpenAIEmbeddingsRequest to throw');
}

describe('decodeOpenAIEmbeddingsRequest', () => {
  it('decodes a single string as a one-element list', () => {
    expect(decodeOpenAIEmbeddingsRequest({ model: 'text-embedding-3-small', input: 'hello' })).toStrictEqual({
      model: 'text-embedding-3-small',
      input: ['hello'],
    });
  });

  it('decodes a list with dimensions, format and user', () => {
    expect(
      decodeOpenAIEmbeddingsRequest({ model: 'e', input: ['a', 'b'], dimensions: 256, encoding_format: 'base64', user: 'u1' }),
    ).toStrictEqual({ model: 'e', input: ['a', 'b'], dimensions: 256, encodingFormat: 'base64', user: 'u1' });
  });

  it('refuses token-array input with a clear message', () => {
    for (const input of [[1, 2, 3], [[1, 2], [3]]]) {
      const error = decodeError({ model: 'e', input });
      expect(error.code).toBe('GW_INVALID_REQUEST');
      expect(error.message).toBe('input: token array input is not supported');
      expect(error.param).toBe('input');
    }
  });

  it('names the field of other mistakes', () => {
    expect(decodeError({ model: 'e', input: [] }).message).toBe('input: must not be empty');
    expect(decodeError({ model: 'e' }).message).toBe('input: expected a string or an array of strings');
    expect(decodeError({ model: 'e', input: 'x', encoding_format: 'int8' }).message).toBe('encoding_format: expected one of float, base64');
    expect(decodeError({ input: 'x' }).param).toBe('model');
  });
});

describe('encodeOpenAIEmbeddingsResponse', () => {
  const response = { model: 'text-embedding-3-small', embeddings: [[1, -2.5], [0.1, 0]], usage: { inputTokens: 8 } };

  it("writes OpenAI's list object with float vectors", () => {
    expect(encodeOpenAIEmbeddingsResponse(response, 'float')).toStrictEqual({
      object: 'list',
      data: [
        { object: 'embedding', index: 0, embedding: [1, -2.5] },
        { object: 'embedding', index: 1, embedding: [0.1, 0] },
      ],
      model: 'text-embedding-3-small',
      usage: { prompt_tokens: 8, total_tokens: 8 },
    });
  });

  it('packs base64 vectors as little-endian float32', () => {
    const body = encodeOpenAIEmbeddingsResponse(response, 'base64');
    const data = body.data as { embedding: string }[];
    expect(data[0]?.embedding).toBe('AACAPwAAIMA=');
    const bytes = Buffer.from(data[1]?.embedding ?? '', 'base64');
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    expect([view.getFloat32(0, true), view.getFloat32(4, true)]).toStrictEqual([Math.fround(0.1), 0]);
  });

  it('omits usage when the input count is unknown', () => {
    expect(encodeOpenAIEmbeddingsResponse({ model: 'm', embeddings: [] })).not.toHaveProperty('usage');
  });
});
