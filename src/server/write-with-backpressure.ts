import type { ServerResponse } from 'node:http';

/**
 * Writes a chunk and, when the socket buffer is full, waits for it to drain. A client
 * that disconnects never drains, so `close` ends the wait too.
 */
export function writeWithBackpressure(response: ServerResponse, chunk: string | Uint8Array): Promise<void> | undefined {
  if (response.write(chunk)) return undefined;
  return new Promise((resolve) => {
    const done = () => {
      response.off('drain', done);
      response.off('close', done);
      resolve();
    };
    response.on('drain', done);
    response.on('close', done);
  });
}
