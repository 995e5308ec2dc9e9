import { channel } from 'node:diagnostics_channel';
import type { RequestRecord } from './request-record.js';

/**
 * Typed event channels. Rooms publish facts here; observability subscribes. With no
 * subscriber, publishing costs a property check.
 */
export const REQUEST_END_CHANNEL = 'switchyard:request-end';

const requestEnd = channel(REQUEST_END_CHANNEL);

/** Publishes the final record of one data-plane request. */
export function publishRequestEnd(record: RequestRecord): void {
  if (requestEnd.hasSubscribers) requestEnd.publish(record);
}

/** Subscribes to request records; returns the unsubscribe function. */
export function onRequestEnd(listener: (record: RequestRecord) => void): () => void {
  const handler = (message: unknown) => listener(message as RequestRecord);
  requestEnd.subscribe(handler);
  return () => requestEnd.unsubscribe(handler);
}
