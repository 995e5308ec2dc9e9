import { createHash } from 'node:crypto';

/**
 * A deterministic unit vector for a text: the same text always gives the same vector,
 * different texts almost surely differ. Seeded from SHA-256, expanded with xorshift.
 */
export function mockEmbedding(text: string, dimensions: number): number[] {
  const seed = createHash('sha256').update(text).digest();
  let state = seed.readUInt32LE(0) || 1;
  const vector: number[] = [];
  for (let index = 0; index < dimensions; index += 1) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    vector.push(state / 0xffffffff - 0.5);
  }
  const norm = Math.sqrt(vector.reduce((sum, value) => sum + value * value, 0)) || 1;
  return vector.map((value) => value / norm);
}
