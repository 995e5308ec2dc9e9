import { randomBytes } from 'node:crypto';

// A random per-process prefix plus a counter: unique across processes and restarts
// without paying for random bytes on every request.
const processPrefix = randomBytes(5).toString('hex');
let sequence = 0;
// Thousands of ids share a millisecond under load: the time part is formatted once per ms.
let prefixMs = -1;
let prefix = '';

/** A request id: starts with the time (sortable), unique enough to be a primary key. */
export function createRequestId(nowMs: number): string {
  sequence = (sequence + 1) % 0x100000000;
  if (nowMs !== prefixMs) {
    prefixMs = nowMs;
    prefix = `req_${nowMs.toString(36)}${processPrefix}`;
  }
  return `${prefix}${sequence.toString(36).padStart(7, '0')}`;
}
