import type { Usage } from './usage.js';

/** Canonical embeddings request. */
export interface EmbeddingRequest {
  model: string;
  /** Texts to embed; a single input is a one-element list. */
  input: string[];
  dimensions?: number;
  encodingFormat?: 'float' | 'base64';
  user?: string;
}

export interface EmbeddingResponse {
  model: string;
  /** One vector per input, in input order. */
  embeddings: number[][];
  usage?: Usage;
}
