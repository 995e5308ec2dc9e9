import type { RequestRecord } from '../core/request-record.js';

/** Filters for reading the request log. Times are epoch ms, inclusive. */
export interface RequestLogQuery {
  /** At most this many rows, newest first. */
  limit: number;
  keyId?: string;
  /** Matches the requested model name or the deployment model. */
  model?: string;
  /** An HTTP status, or `success` (< 400) / `error` (>= 400). */
  status?: number | 'success' | 'error';
  from?: number;
  to?: number;
}

/**
 * The request log: one row per data-plane request. Writes come in batches from the
 * log writer, never from the request path.
 */
export interface RequestLogStore {
  append(records: readonly RequestRecord[]): Promise<void>;
  query(query: RequestLogQuery): Promise<RequestRecord[]>;
  get(requestId: string): Promise<RequestRecord | undefined>;
  close(): Promise<void>;
}

/** Every store the gateway uses; app.ts picks the backend for each. */
export interface Storage {
  requestLog: RequestLogStore;
  close(): Promise<void>;
}
