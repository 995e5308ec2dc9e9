import { randomBytes } from 'node:crypto';

// A random per-process prefix plus a counter: unique across processes and restarts
// without paying for random bytes on every request.
const processPrefix = randomBytes(5).toString('hex');
let sequence = 0;

/** A request id: starts with the time (sortable), unique enough to be a primary key. */
export function createRequestId(nowMs: number): string {
  sequence = (sequence + 1) % 0x100000000;
  return `req_${nowMs.toString(36)}${processPrefix}${sequence.toString(36).padStart(7, '0')}`;
}
