import { describe, expect, it } from 'vitest';
import type { UpstreamFrame } from '../core/upstream-frame.js';
import { SseFrameParser } from './sse-frame-parser.js';

const encoder = new TextEncoder();

const FIXTURE = [
  ': keep-alive comment\n',
  'event: message_start\n',
  'id: 7\n',
  'data: {"text":"héllo 🚀 wörld"}\n',
  '\n',
  'data: first line\r\n',
  'data:second line without space\r\n',
  'data:  two spaces keep one\r\n',
  '\r\n',
  'data: lone cr\r',
  '\r',
  ': comment between\n',
  'event: ping\n',
  'data: 日本語のテキスト\n',
  'data:\n',
  '\n',
  'data: [DONE]\n',
  '\n',
].join('');

const EXPECTED: UpstreamFrame[] = [
  {
    event: 'message_start',
    id: '7',
    data: '{"text":"héllo 🚀 wörld"}',
    raw: ': keep-alive comment\nevent: message_start\nid: 7\ndata: {"text":"héllo 🚀 wörld"}\n\n',
  },
  {
    data: 'first line\nsecond line without space\n two spaces keep one',
    raw: 'data: first line\r\ndata:second line without space\r\ndata:  two spaces keep one\r\n\r\n',
  },
  { data: 'lone cr', raw: 'data: lone cr\r\r' },
  {
    event: 'ping',
    data: '日本語のテキスト\n',
    raw: ': comment between\nevent: ping\ndata: 日本語のテキスト\ndata:\n\n',
  },
  { data: '[DONE]', raw: 'data: [DONE]\n\n' },
];

function parseChunks(chunks: (Uint8Array | string)[]): UpstreamFrame[] {
  const parser = new SseFrameParser();
  const frames: UpstreamFrame[] = [];
  for (const chunk of chunks) frames.push(...parser.push(chunk));
  frames.push(...parser.end());
  return frames;
}

function splitBytes(bytes: Uint8Array, offsets: number[]): Uint8Array[] {
  const chunks: Uint8Array[] = [];
  let start = 0;
  for (const offset of offsets) {
    chunks.push(bytes.subarray(start, offset));
    start = offset;
  }
  chunks.push(bytes.subarray(start));
  return chunks;
}

describe('SseFrameParser', () => {
  it('parses a whole stream in one chunk', () => {
    expect(parseChunks([encoder.encode(FIXTURE)])).toEqual(EXPECTED);
  });

  it('gives the same frames when the bytes are split at every offset', () => {
    const bytes = encoder.encode(FIXTURE);
    for (let offset = 0; offset <= bytes.length; offset += 1) {
      expect(parseChunks(splitBytes(bytes, [offset])), `split at ${offset}`).toEqual(EXPECTED);
    }
  });

  it('gives the same frames when fed one byte at a time', () => {
    const bytes = encoder.encode(FIXTURE);
    const offsets = Array.from({ length: bytes.length - 1 }, (_, index) => index + 1);
    expect(parseChunks(splitBytes(bytes, offsets))).toEqual(EXPECTED);
  });

  it('gives the same frames for seeded random splits', () => {
    const bytes = encoder.encode(FIXTURE);
    let seed = 42;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    for (let round = 0; round < 200; round += 1) {
      const offsets = Array.from({ length: 1 + Math.floor(random() * 8) }, () => Math.floor(random() * bytes.length));
      offsets.sort((left, right) => left - right);
      expect(parseChunks(splitBytes(bytes, offsets))).toEqual(EXPECTED);
    }
  });

  it('reproduces the stream byte for byte from the frames raw text', () => {
    const raws = parseChunks([encoder.encode(FIXTURE)]).map((frame) => frame.raw);
    expect(raws.join('')).toBe(FIXTURE);
  });

  it('decodes a multi-byte character split between chunks', () => {
    const bytes = encoder.encode('data: 🚀\n\n');
    const emojiStart = 'data: '.length;
    const frames = parseChunks([bytes.subarray(0, emojiStart + 2), bytes.subarray(emojiStart + 2)]);
    expect(frames).toEqual([{ data: '🚀', raw: 'data: 🚀\n\n' }]);
  });

  it('does not dispatch a CRLF event early when the chunk ends between CR and LF', () => {
    const parser = new SseFrameParser();
    expect(parser.push('data: a\r\n\r')).toEqual([]);
    expect(parser.push('\ndata: b\r\n\r\n')).toEqual([
      { data: 'a', raw: 'data: a\r\n\r\n' },
      { data: 'b', raw: 'data: b\r\n\r\n' },
    ]);
  });

  it('treats a CR held at the end of the last chunk as a line end on end()', () => {
    const parser = new SseFrameParser();
    expect(parser.push('data: a\r\r')).toEqual([]);
    expect(parser.end()).toEqual([{ data: 'a', raw: 'data: a\r\r' }]);
  });

  it('accepts string chunks', () => {
    expect(parseChunks(['data: x\n', '\ndata: y\n\n'])).toEqual([
      { data: 'x', raw: 'data: x\n\n' },
      { data: 'y', raw: 'data: y\n\n' },
    ]);
  });

  it('flushes a final event that lacks the blank line', () => {
    const parser = new SseFrameParser();
    expect(parser.push('data: one\n\ndata: two')).toEqual([{ data: 'one', raw: 'data: one\n\n' }]);
    expect(parser.end()).toEqual([{ data: 'two', raw: 'data: two' }]);
  });

  it('flushes a final event whose last line ended but no blank line followed', () => {
    expect(parseChunks(['event: done\ndata: two\n'])).toEqual([{ event: 'done', data: 'two', raw: 'event: done\ndata: two\n' }]);
  });

  it('dispatches nothing for comment-only blocks and events without data', () => {
    expect(parseChunks([': ping\n\nevent: empty\n\n: trailing\n'])).toEqual([]);
  });

  it('attaches heartbeat comments to the raw text of the next frame', () => {
    expect(parseChunks([': ping\n\ndata: x\n\n'])).toEqual([{ data: 'x', raw: ': ping\n\ndata: x\n\n' }]);
  });

  it('reads a field without a colon as a field with an empty value', () => {
    expect(parseChunks(['data\ndata\n\n'])).toEqual([{ data: '\n', raw: 'data\ndata\n\n' }]);
  });

  it('ignores retry, unknown fields and ids containing NUL', () => {
    expect(parseChunks(['retry: 1000\nfoo: bar\nid: a\0b\ndata: x\n\n'])).toEqual([
      { data: 'x', raw: 'retry: 1000\nfoo: bar\nid: a\0b\ndata: x\n\n' },
    ]);
  });

  it('reports the id only on the event that carried it', () => {
    const frames = parseChunks(['id: 1\ndata: a\n\ndata: b\n\n']);
    expect(frames.map((frame) => frame.id)).toEqual(['1', undefined]);
  });

  it('strips a leading byte order mark', () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...encoder.encode('data: x\n\n')]);
    expect(parseChunks([bytes.subarray(0, 2), bytes.subarray(2)])).toEqual([{ data: 'x', raw: 'data: x\n\n' }]);
  });

  it('keeps a long line split over many chunks intact', () => {
    const payload = 'x'.repeat(100_000);
    const text = `data: ${payload}\n\n`;
    const chunks: string[] = [];
    for (let start = 0; start < text.length; start += 7) chunks.push(text.slice(start, start + 7));
    const frames = parseChunks(chunks);
    expect(frames).toHaveLength(1);
    expect(frames[0]?.data).toBe(payload);
    expect(frames[0]?.raw).toBe(text);
  });
});
