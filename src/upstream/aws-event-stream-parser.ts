import { TextDecoder } from 'node:util';
import { GatewayError } from '../core/errors.js';
import type { UpstreamFrame } from '../core/upstream-frame.js';

// AWS event stream framing: https://docs.aws.amazon.com/transcribe/latest/dg/streaming-setting-up.html
// (the same `application/vnd.amazon.eventstream` codec as Bedrock's ConverseStream):
// total length (4) | headers length (4) | prelude CRC32 (4) | headers | payload | message CRC32 (4).
const PRELUDE_LENGTH = 12;
const CRC_LENGTH = 4;
const MINIMUM_MESSAGE_LENGTH = PRELUDE_LENGTH + CRC_LENGTH;
/** The codec's documented limits: 16 MiB per message, 128 KiB of headers. */
const MAXIMUM_MESSAGE_LENGTH = 16 * 1024 * 1024;
const MAXIMUM_HEADERS_LENGTH = 128 * 1024;

const CRC_TABLE = buildCrcTable();

/**
 * Splits an `application/vnd.amazon.eventstream` body (Bedrock's ConverseStream) into
 * frames. Messages may be split across chunks anywhere, and one chunk may hold several.
 * Both CRC32 checksums are verified; a prelude is checked before its lengths are trusted,
 * so a body that is not an event stream fails on its first 12 bytes instead of waiting
 * for a length it made up.
 *
 * A message becomes one frame, `raw` always `''` (the bytes are binary):
 * - `:message-type` `event`: `event` is the `:event-type` header (`contentBlockDelta`),
 *   `data` the payload as UTF-8 (a JSON document for Bedrock);
 * - `exception`: `event` is `exception:<:exception-type>` (`exception:throttlingException`),
 *   `data` the payload (`{"message": "..."}`);
 * - `error`, which carries its text in headers: `event` is `error:<:error-code>`, `data`
 *   is `{"message": <:error-message>}` as JSON.
 *
 * Checksum mismatches, impossible lengths, malformed headers and a body that ends inside a
 * message throw a `GW_UPSTREAM_ERROR` GatewayError (retryable before the commit point).
 * After a throw the parser is unusable: the stream is out of sync.
 */
export class AwsEventStreamParser {
  readonly #decoder = new TextDecoder('utf-8');
  #chunks: Uint8Array[] = [];
  #buffered = 0;
  /** Bytes needed before the next parse step can run: a prelude, then the whole message. */
  #needed = PRELUDE_LENGTH;

  push(chunk: Uint8Array): UpstreamFrame[] {
    if (chunk.length === 0) return [];
    this.#chunks.push(chunk);
    this.#buffered += chunk.length;
    if (this.#buffered < this.#needed) return [];
    return this.#drain();
  }

  /** The body ended: nothing may be left over. */
  end(): UpstreamFrame[] {
    if (this.#buffered > 0) {
      throw streamError(`the body ended inside a message (${this.#buffered} bytes left over)`);
    }
    return [];
  }

  #drain(): UpstreamFrame[] {
    const bytes = this.#chunks.length === 1 ? (this.#chunks[0] as Uint8Array) : concat(this.#chunks, this.#buffered);
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const frames: UpstreamFrame[] = [];
    let offset = 0;
    this.#needed = PRELUDE_LENGTH;
    while (bytes.length - offset >= PRELUDE_LENGTH) {
      const totalLength = readPrelude(bytes, view, offset);
      if (bytes.length - offset < totalLength) {
        this.#needed = totalLength;
        break;
      }
      frames.push(this.#readMessage(bytes.subarray(offset, offset + totalLength)));
      offset += totalLength;
    }
    const rest = bytes.subarray(offset);
    this.#chunks = rest.length > 0 ? [rest] : [];
    this.#buffered = rest.length;
    return frames;
  }

  #readMessage(message: Uint8Array): UpstreamFrame {
    const view = new DataView(message.buffer, message.byteOffset, message.byteLength);
    const checksumAt = message.length - CRC_LENGTH;
    if (crc32(message.subarray(0, checksumAt)) !== view.getUint32(checksumAt)) throw streamError('message checksum mismatch');
    const headersEnd = PRELUDE_LENGTH + view.getUint32(4);
    const headers = readHeaders(message, view, PRELUDE_LENGTH, headersEnd, this.#decoder);
    const payload = this.#decoder.decode(message.subarray(headersEnd, checksumAt));
    const messageType = headers.get(':message-type') ?? 'event';
    if (messageType === 'event') return { event: headers.get(':event-type') ?? '', data: payload, raw: '' };
    if (messageType === 'exception') return { event: `exception:${headers.get(':exception-type') ?? ''}`, data: payload, raw: '' };
    if (messageType === 'error') {
      const data = JSON.stringify({ message: headers.get(':error-message') ?? '' });
      return { event: `error:${headers.get(':error-code') ?? ''}`, data, raw: '' };
    }
    return { event: `${messageType}:${headers.get(':event-type') ?? ''}`, data: payload, raw: '' };
  }
}

/** Validates the prelude at `offset` and returns the message's total length. */
function readPrelude(bytes: Uint8Array, view: DataView, offset: number): number {
  if (crc32(bytes.subarray(offset, offset + 8)) !== view.getUint32(offset + 8)) {
    throw streamError('prelude checksum mismatch (not an event stream, or out of sync)');
  }
  const totalLength = view.getUint32(offset);
  const headersLength = view.getUint32(offset + 4);
  if (totalLength < MINIMUM_MESSAGE_LENGTH || totalLength > MAXIMUM_MESSAGE_LENGTH) {
    throw streamError(`message length ${totalLength} is outside ${MINIMUM_MESSAGE_LENGTH}..${MAXIMUM_MESSAGE_LENGTH}`);
  }
  if (headersLength > MAXIMUM_HEADERS_LENGTH || headersLength > totalLength - MINIMUM_MESSAGE_LENGTH) {
    throw streamError(`headers length ${headersLength} does not fit a ${totalLength}-byte message`);
  }
  return totalLength;
}

/** Header values by name; only strings are kept, the other types are skipped by their size. */
function readHeaders(message: Uint8Array, view: DataView, start: number, end: number, decoder: TextDecoder): Map<string, string> {
  const headers = new Map<string, string>();
  let position = start;
  const need = (count: number) => {
    if (position + count > end) throw streamError('a header runs past the headers block');
  };
  while (position < end) {
    need(1);
    const nameLength = view.getUint8(position);
    need(1 + nameLength + 1);
    const name = decoder.decode(message.subarray(position + 1, position + 1 + nameLength));
    const type = view.getUint8(position + 1 + nameLength);
    position += nameLength + 2;
    const fixedSize = FIXED_VALUE_SIZES[type];
    if (fixedSize !== undefined) {
      need(fixedSize);
      position += fixedSize;
    } else if (type === BYTE_ARRAY_TYPE || type === STRING_TYPE) {
      need(2);
      const length = view.getUint16(position);
      need(2 + length);
      if (type === STRING_TYPE) headers.set(name, decoder.decode(message.subarray(position + 2, position + 2 + length)));
      position += 2 + length;
    } else {
      throw streamError(`unknown header value type ${type} for "${name}"`);
    }
  }
  return headers;
}

const BYTE_ARRAY_TYPE = 6;
const STRING_TYPE = 7;
/** Value sizes by type tag: true, false, byte, short, integer, long, (6, 7 variable), timestamp, uuid. */
const FIXED_VALUE_SIZES: Partial<Record<number, number>> = { 0: 0, 1: 0, 2: 1, 3: 2, 4: 4, 5: 8, 8: 8, 9: 16 };

function concat(chunks: readonly Uint8Array[], length: number): Uint8Array {
  const bytes = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.length;
  }
  return bytes;
}

// CRC-32 (IEEE 802.3, reflected, polynomial 0xEDB88320), as the codec specifies. Written
// out because node:zlib's crc32 arrived in Node 20.15 and engines allows any Node 20.
function buildCrcTable(): Uint32Array {
  const table = new Uint32Array(256);
  for (let index = 0; index < 256; index += 1) {
    let value = index;
    for (let bit = 0; bit < 8; bit += 1) value = value & 1 ? 0xedb88320 ^ (value >>> 1) : value >>> 1;
    table[index] = value >>> 0;
  }
  return table;
}

function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = (CRC_TABLE[(crc ^ byte) & 0xff] as number) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function streamError(detail: string): GatewayError {
  return new GatewayError('GW_UPSTREAM_ERROR', `malformed AWS event stream: ${detail}`);
}
