import { crc32 } from 'node:zlib';

/**
 * Test support (not built): one `application/vnd.amazon.eventstream` message with string
 * headers — prelude, headers, payload and CRC32s from node:zlib, independent of the
 * parser's own checksum — for fixtures and mock upstreams that speak Bedrock's streams.
 */
export function encodeAwsEventStreamMessage(headers: Record<string, string>, payload: string): Buffer {
  const headerBytes = Buffer.concat(
    Object.entries(headers).map(([name, value]) => {
      const nameBytes = Buffer.from(name);
      const valueBytes = Buffer.from(value);
      const length = Buffer.alloc(2);
      length.writeUInt16BE(valueBytes.length);
      // 7: the string header type.
      return Buffer.concat([Buffer.from([nameBytes.length]), nameBytes, Buffer.from([7]), length, valueBytes]);
    }),
  );
  const payloadBytes = Buffer.from(payload);
  const total = 12 + headerBytes.length + payloadBytes.length + 4;
  const message = Buffer.alloc(total);
  message.writeUInt32BE(total, 0);
  message.writeUInt32BE(headerBytes.length, 4);
  message.writeUInt32BE(crc32(message.subarray(0, 8)), 8);
  headerBytes.copy(message, 12);
  payloadBytes.copy(message, 12 + headerBytes.length);
  message.writeUInt32BE(crc32(message.subarray(0, total - 4)), total - 4);
  return message;
}
