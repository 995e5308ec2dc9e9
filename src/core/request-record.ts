/** One try against one deployment, in the order tried. */
export interface AttemptRecord {
  /** Provider connection name. */
  provider: string;
  /** The deployment's model name. */
  model: string;
  /** HTTP status the upstream answered, undefined when no answer came (timeout, refused). */
  status: number | undefined;
  /** Normalized error kind, undefined on success. */
  errorKind: string | undefined;
  latencyMs: number;
  /** Ms from the request's arrival to this attempt's start. */
  startOffsetMs?: number | undefined;
  /** The attempt's span id when the request is traced (sent upstream in `traceparent`). */
  spanId?: string | undefined;
}

/** Prompt and answer as stored when payload logging is on: redacted, capped, JSON text. */
export interface RequestPayload {
  /** The request body as the caller sent it, after redaction; cut at the size cap. */
  request: string | undefined;
  /** The answer: the JSON body, or the text a stream carried; after redaction, capped. */
  response: string | undefined;
  /** True when either was cut at the cap. */
  truncated: boolean;
}

/**
 * One data-plane request, as written to the request log: rejected and failed requests
 * included. Token counts and cost are undefined when unknown, never zero.
 */
export interface RequestRecord {
  requestId: string;
  /** Epoch ms when the request arrived. */
  createdAt: number;
  /** The API path, e.g. `/v1/chat/completions`. */
  endpoint: string;
  keyId: string | undefined;
  /** The caller's team (a virtual key's or a JWT's); undefined for the master key, without auth, or when it has none. */
  teamId?: string | undefined;
  /** The caller's user, like `teamId`. */
  userId?: string | undefined;
  /** The model name the caller sent. */
  requestedModel: string | undefined;
  /** The model the request was routed to after `routes:` rules and a `split:`, when it differs or was chosen by one. */
  routedModel?: string | undefined;
  /** The `routes:` rule that matched. */
  routeRule?: string | undefined;
  /** The side of a `split:` the request landed on (that side's model name). */
  splitArm?: string | undefined;
  /** The provider connection that answered (or was last tried). */
  provider: string | undefined;
  /** The deployment's model name that answered (or was last tried). */
  deploymentModel: string | undefined;
  /** The HTTP status the caller got; 499 when the caller went away first. */
  status: number;
  errorKind: string | undefined;
  errorMessage: string | undefined;
  latencyMs: number;
  /** Time until the first byte of the answer: upstream headers, or the first streamed chunk. */
  ttfbMs: number | undefined;
  inputTokens: number | undefined;
  outputTokens: number | undefined;
  cachedTokens: number | undefined;
  reasoningTokens: number | undefined;
  /** Integer micro-dollars; undefined when usage or price is unknown (see costFlags). */
  costMicros: number | undefined;
  /** Why cost is unknown: `usage-unknown`, `price-unknown`. */
  costFlags: string[];
  attempts: AttemptRecord[];
  cache: 'hit' | 'miss' | 'off';
  stream: boolean;
  clientIp: string | undefined;
  tags: string[];
  traceId: string | undefined;
  /** When traced: this request's span id and the caller's span it continues (from `traceparent`). */
  spanId?: string | undefined;
  parentSpanId?: string | undefined;
  warnings: string[];
  /** Present only when payload logging is on for the caller (key or team). */
  payload?: RequestPayload | undefined;
}
