import type { EmbeddingResponse } from '../../core/embedding.js';

/**
 * Canonical embeddings -> OpenAI's `list` object. `base64` packs each vector as
 * little-endian float32, byte for byte what OpenAI sends (the official SDKs request
 * base64 by default and decode it that way). `usage` is omitted when the input count is
 * unknown rather than reported as zero.
 */
export function encodeOpenAIEmbeddingsResponse(
  response: EmbeddingResponse,
  encodingFormat: 'float' | 'base64' = 'float',
): Record<string, unknown> {
  const data = response.embeddings.map((vector, index) => ({
    object: 'embedding',
    index,
    embedding: encodingFormat === 'base64' ? toBase64Float32(vector) : vector,
  }));
  const body: Record<string, unknown> = { object: 'list', data, model: response.model };
  const inputTokens = response.usage?.inputTokens;
  if (inputTokens !== undefined) body.usage = { prompt_tokens: inputTokens, total_tokens: inputTokens };
  return body;
}

function toBase64Float32(vector: readonly number[]): string {
  const view = new DataView(new ArrayBuffer(vector.length * 4));
  for (let index = 0; index < vector.length; index += 1) view.setFloat32(index * 4, vector[index] ?? 0, true);
  return Buffer.from(view.buffer).toString('base64');
}
