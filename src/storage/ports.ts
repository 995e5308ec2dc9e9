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

/**
 * A Responses API answer kept for `previous_response_id` and `GET /v1/responses/{id}`.
 * Written once when the answer completes; never updated.
 */
export interface StoredResponse {
  /** The `resp_...` id the caller saw. */
  id: string;
  /** Epoch ms. */
  createdAt: number;
  /** The key that created it; only that key (or an admin) may read or continue it. */
  keyId: string | undefined;
  /**
   * Where the conversation state lives: `gateway` (the canonical messages below), or the
   * provider connection name when the turn was passed through to a provider that keeps
   * its own state (OpenAI), so the next turn can be passed through there too.
   */
  origin: string;
  /** The whole conversation up to and including this answer, canonical messages as JSON. */
  messagesJson: string;
  /** The Response object as returned to the caller, JSON. */
  responseJson: string;
}

export interface ResponseStore {
  put(response: StoredResponse): Promise<void>;
  get(id: string): Promise<StoredResponse | undefined>;
  /** True when it existed. */
  delete(id: string): Promise<boolean>;
}

/** Every store the gateway uses; app.ts picks the backend for each. */
export interface Storage {
  requestLog: RequestLogStore;
  responses: ResponseStore;
  close(): Promise<void>;
}
