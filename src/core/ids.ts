import { randomBytes } from 'node:crypto';

/** A request id: sortable by time, unique enough to be a primary key. */
export function createRequestId(nowMs: number): string {
  return `req_${nowMs.toString(36)}${randomBytes(8).toString('hex')}`;
}
