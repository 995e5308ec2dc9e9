import { crc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { GatewayError } from '../core/errors.js';
import type { UpstreamFrame } from '../core/upstream-frame.js';
import { AwsEventStreamParser } from './aws-event-stream-parser.js';

type HeaderValue = { type: 'string'; value: string } | { type: 'raw'; tag: number; bytes: number[] };

/** An event stream message, checksummed with node:zlib's CRC32 (independent of the parser's own). */
function encodeMessage(headers: Record<string, HeaderValue | string>, payload: string): Uint8Array {
  const encoder = new TextEncoder();
  const headerBytes: number[] = [];
  for (const [name, header] of Object.entries(headers)) {
    const nameBytes = encoder.encode(name);
    headerBytes.push(nameBytes.length, ...nameBytes);
    const value: HeaderValue = typeof header === 'string' ? { type: 'string', value: header } : header;
    if (value.type === 'string') {
      const valueBytes = encoder.encode(value.value);
      headerBytes.push(7, valueBytes.length >> 8, valueBytes.length & 0xff, ...valueBytes);
    } else headerBytes.push(value.tag, ...value.bytes);
  }
  const payloadBytes = encoder.encode(payload);
  const total = 12 + headerBytes.length + payloadBytes.length + 4;
  const message = new Uint8Array(total);
  const view = new DataView(message.buffer);
  view.setUint32(0, total);
  view.setUint32(4, headerBytes.length);
  view.setUint32(8, crc32(message.subarray(0, 8)));
  message.set(headerBytes, 12);
  message.set(payloadBytes, 12 + headerBytes.length);
  view.setUint32(total - 4, crc32(message.subarray(0, total - 4)));
  return message;
}

const event = (type: string, payload: unknown) =>
  encodeMessage({ ':event-type': type, ':content-type': 'application/json', ':message-type': 'event' }, JSON.stringify(payload));

function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  const bytes = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    bytes.set(part, offset);
    offset += part.length;
  }
  return bytes;
}

function parseChunks(chunks: readonly Uint8Array[]): UpstreamFrame[] {
  const parser = new AwsEventStreamParser();
  const frames: UpstreamFrame[] = [];
  for (const chunk of chunks) frames.push(...parser.push(chunk));
  frames.push(...parser.end());
  return frames;
}

const STREAM = concatBytes([
  event('messageStart', { role: 'assistant' }),
  event('contentBlockDelta', { contentBlockIndex: 0, delta: { text: 'héllo 🚀 wörld' }, p: 'abcdefgh' }),
  encodeMessage(
    {
      ':event-type': 'contentBlockStop',
      ':message-type': 'event',
      flag: { type: 'raw', tag: 0, bytes: [] },
      off: { type: 'raw', tag: 1, bytes: [] },
      byte: { type: 'raw', tag: 2, bytes: [7] },
      short: { type: 'raw', tag: 3, bytes: [0, 7] },
      int: { type: 'raw', tag: 4, bytes: [0, 0, 0, 7] },
      long: { type: 'raw', tag: 5, bytes: [0, 0, 0, 0, 0, 0, 0, 7] },
      blob: { type: 'raw', tag: 6, bytes: [0, 3, 1, 2, 3] },
      time: { type: 'raw', tag: 8, bytes: [0, 0, 1, 146, 0, 0, 0, 0] },
      id: { type: 'raw', tag: 9, bytes: Array.from({ length: 16 }, (_, index) => index) },
    },
    '{"contentBlockIndex":0}',
  ),
  encodeMessage(
    { ':exception-type': 'throttlingException', ':content-type': 'application/json', ':message-type': 'exception' },
    '{"message":"Too many requests, please wait before trying again."}',
  ),
  encodeMessage({ ':error-code': 'InternalFailure', ':error-message': 'An internal error occurred', ':message-type': 'error' }, ''),
]);

const EXPECTED: UpstreamFrame[] = [
  { event: 'messageStart', data: '{"role":"assistant"}', raw: '' },
  { event: 'contentBlockDelta', data: '{"contentBlockIndex":0,"delta":{"text":"héllo 🚀 wörld"},"p":"abcdefgh"}', raw: '' },
  { event: 'contentBlockStop', data: '{"contentBlockIndex":0}', raw: '' },
  { event: 'exception:throttlingException', data: '{"message":"Too many requests, please wait before trying again."}', raw: '' },
  { event: 'error:InternalFailure', data: '{"message":"An internal error occurred"}', raw: '' },
];

describe('AwsEventStreamParser', () => {
  it('parses several messages from one chunk, skipping headers of every non-string type', () => {
    expect(parseChunks([STREAM])).toEqual(EXPECTED);
  });

  it('gives the same frames when the bytes are split at every offset', () => {
    for (let offset = 0; offset <= STREAM.length; offset += 1) {
      expect(parseChunks([STREAM.subarray(0, offset), STREAM.subarray(offset)]), `split at ${offset}`).toEqual(EXPECTED);
    }
  });

  it('gives the same frames when fed one byte at a time', () => {
    const chunks = Array.from(STREAM, (byte) => Uint8Array.of(byte));
    expect(parseChunks(chunks)).toEqual(EXPECTED);
  });

  it('reports each frame as soon as its last byte arrives', () => {
    const first = event('messageStart', { role: 'assistant' });
    const parser = new AwsEventStreamParser();
    expect(parser.push(first.subarray(0, first.length - 1))).toEqual([]);
    expect(parser.push(first.subarray(first.length - 1))).toEqual([{ event: 'messageStart', data: '{"role":"assistant"}', raw: '' }]);
  });

  it('rejects a corrupted payload by its message checksum', () => {
    const message = event('contentBlockDelta', { contentBlockIndex: 0, delta: { text: 'hi' } });
    const at = message.length - 8;
    message[at] = (message[at] ?? 0) ^ 0x01;
    expect(() => new AwsEventStreamParser().push(message)).toThrow(/message checksum mismatch/);
  });

  it('rejects a body that is not an event stream on its first 12 bytes, without waiting', () => {
    const html = new TextEncoder().encode('<html><body>502 Bad Gateway</body></html>');
    let thrown: unknown;
    try {
      new AwsEventStreamParser().push(html.subarray(0, 12));
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(GatewayError);
    expect(thrown).toMatchObject({ code: 'GW_UPSTREAM_ERROR', retryable: true });
    expect((thrown as Error).message).toMatch(/prelude checksum mismatch/);
  });

  it('rejects lengths that cannot be right even when their prelude checksum is valid', () => {
    const prelude = (total: number, headers: number) => {
      const bytes = new Uint8Array(12);
      const view = new DataView(bytes.buffer);
      view.setUint32(0, total);
      view.setUint32(4, headers);
      view.setUint32(8, crc32(bytes.subarray(0, 8)));
      return bytes;
    };
    expect(() => new AwsEventStreamParser().push(prelude(0xffffffff, 0))).toThrow(/message length 4294967295 is outside/);
    expect(() => new AwsEventStreamParser().push(prelude(8, 0))).toThrow(/message length 8 is outside/);
    expect(() => new AwsEventStreamParser().push(prelude(100, 90))).toThrow(/headers length 90 does not fit/);
  });

  it('rejects headers that run past their block or have an unknown type', () => {
    const truncated = encodeMessage({ ':event-type': { type: 'raw', tag: 7, bytes: [0, 200, 65] } }, '{}');
    expect(() => new AwsEventStreamParser().push(truncated)).toThrow(/runs past the headers block/);
    const unknown = encodeMessage({ odd: { type: 'raw', tag: 42, bytes: [] } }, '{}');
    expect(() => new AwsEventStreamParser().push(unknown)).toThrow(/unknown header value type 42/);
  });

  it('throws at the end of a body that stops inside a message', () => {
    const parser = new AwsEventStreamParser();
    const message = event('messageStop', { stopReason: 'end_turn' });
    expect(parser.push(message.subarray(0, 20))).toEqual([]);
    expect(() => parser.end()).toThrow(/ended inside a message \(20 bytes left over\)/);
    expect(new AwsEventStreamParser().end()).toEqual([]);
  });
});
