import type { ChatStreamEvent } from '../../core/chat-stream-event.js';
import type { UpstreamFrame } from '../../core/upstream-frame.js';
import type { StreamDecoder } from '../dialect.js';

/*
 * Support for the stream-decoder tests: a body may reach a decoder split anywhere, so they
 * replay fixtures in many chunkings and expect the same events. The framer is passed in
 * (the tests use upstream's SseFrameParser) because a dialect never imports upstream/.
 */

/** Bytes in, frames out: the part of a transport's frame parser a decoder test drives. */
export interface ChunkFramer {
  push(chunk: Uint8Array): UpstreamFrame[];
  end(): UpstreamFrame[];
}

/** Frames `chunks` in order with `framer` and decodes every frame, then ends both. */
export function decodeFramedChunks(framer: ChunkFramer, decoder: StreamDecoder, chunks: readonly Uint8Array[]): ChatStreamEvent[] {
  const events: ChatStreamEvent[] = [];
  for (const chunk of chunks) for (const frame of framer.push(chunk)) events.push(...decoder.push(frame));
  for (const frame of framer.end()) events.push(...decoder.push(frame));
  events.push(...decoder.end());
  return events;
}

/** Cuts `bytes` at each offset (ascending); empty chunks are kept. */
export function splitAt(bytes: Uint8Array, offsets: readonly number[]): Uint8Array[] {
  const chunks: Uint8Array[] = [];
  let start = 0;
  for (const offset of offsets) {
    chunks.push(bytes.subarray(start, offset));
    start = offset;
  }
  chunks.push(bytes.subarray(start));
  return chunks;
}

/** Cuts `bytes` into chunks of `size` bytes, the last one shorter. */
export function splitEvery(bytes: Uint8Array, size: number): Uint8Array[] {
  const chunks: Uint8Array[] = [];
  for (let start = 0; start < bytes.length; start += size) chunks.push(bytes.subarray(start, start + size));
  return chunks;
}

/**
 * `runs` sorted lists of 1 to `maxCuts` offsets into a body of `length` bytes, from a
 * linear congruential generator: arbitrary cuts that are the same on every run, so a
 * failure can be replayed.
 */
export function seededCutOffsets(length: number, seed: number, { runs, maxCuts }: { runs: number; maxCuts: number }): number[][] {
  let state = seed;
  const next = () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
  return Array.from({ length: runs }, () => {
    const offsets = Array.from({ length: 1 + Math.floor(next() * maxCuts) }, () => Math.floor(next() * length));
    return offsets.sort((left, right) => left - right);
  });
}
