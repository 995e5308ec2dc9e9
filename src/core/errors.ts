/**
 * Normalized failure kinds. Routing, retries and fallbacks decide on these and on
 * `retryable`, never on message text.
 */
export type ErrorKind =
  | 'rate_limited'
  | 'budget_exceeded'
  | 'context_too_long'
  | 'auth'
  | 'forbidden'
  | 'bad_request'
  | 'not_found'
  | 'too_large'
  | 'upstream'
  | 'timeout'
  | 'content_filtered'
  | 'not_implemented'
  | 'unavailable'
  | 'internal';

interface CatalogueEntry {
  /** HTTP status the gateway answers with. */
  status: number;
  /** OpenAI error `type`. */
  type: string;
  /** Wire `code` (CONTRACT.md section 3). */
  wireCode: string;
  kind: ErrorKind;
  retryable: boolean;
}

/**
 * Every error the gateway can answer with. Codes never change once released;
 * docs/errors.md is this table in prose.
 */
export const ERROR_CATALOGUE = {
  GW_INVALID_REQUEST: { status: 400, type: 'invalid_request_error', wireCode: 'invalid_request', kind: 'bad_request', retryable: false },
  GW_MALFORMED_JSON: { status: 400, type: 'invalid_request_error', wireCode: 'invalid_json', kind: 'bad_request', retryable: false },
  GW_UNAUTHORIZED: { status: 401, type: 'authentication_error', wireCode: 'invalid_api_key', kind: 'auth', retryable: false },
  GW_FORBIDDEN: { status: 403, type: 'permission_error', wireCode: 'forbidden', kind: 'forbidden', retryable: false },
  GW_ROUTE_NOT_FOUND: { status: 404, type: 'invalid_request_error', wireCode: 'not_found', kind: 'not_found', retryable: false },
  GW_MODEL_NOT_FOUND: { status: 404, type: 'invalid_request_error', wireCode: 'model_not_found', kind: 'not_found', retryable: false },
  GW_METHOD_NOT_ALLOWED: { status: 405, type: 'invalid_request_error', wireCode: 'method_not_allowed', kind: 'bad_request', retryable: false },
  GW_BODY_TOO_LARGE: { status: 413, type: 'invalid_request_error', wireCode: 'request_too_large', kind: 'too_large', retryable: false },
  GW_RATE_LIMITED: { status: 429, type: 'rate_limit_error', wireCode: 'rate_limit_exceeded', kind: 'rate_limited', retryable: true },
  GW_BUDGET_EXCEEDED: { status: 429, type: 'rate_limit_error', wireCode: 'budget_exceeded', kind: 'budget_exceeded', retryable: false },
  GW_CONTEXT_TOO_LONG: { status: 400, type: 'invalid_request_error', wireCode: 'context_length_exceeded', kind: 'context_too_long', retryable: false },
  GW_CONTENT_FILTERED: { status: 400, type: 'invalid_request_error', wireCode: 'content_filter', kind: 'content_filtered', retryable: false },
  GW_UPSTREAM_BAD_REQUEST: { status: 400, type: 'invalid_request_error', wireCode: 'upstream_bad_request', kind: 'bad_request', retryable: false },
  GW_UPSTREAM_AUTH: { status: 502, type: 'api_error', wireCode: 'upstream_auth_failed', kind: 'auth', retryable: false },
  GW_UPSTREAM_ERROR: { status: 502, type: 'api_error', wireCode: 'upstream_error', kind: 'upstream', retryable: true },
  GW_UPSTREAM_TIMEOUT: { status: 504, type: 'api_error', wireCode: 'upstream_timeout', kind: 'timeout', retryable: true },
  GW_NOT_IMPLEMENTED: { status: 501, type: 'invalid_request_error', wireCode: 'not_implemented', kind: 'not_implemented', retryable: false },
  GW_UNAVAILABLE: { status: 503, type: 'api_error', wireCode: 'unavailable', kind: 'unavailable', retryable: true },
  GW_INTERNAL: { status: 500, type: 'api_error', wireCode: 'internal_error', kind: 'internal', retryable: false },
} as const satisfies Record<string, CatalogueEntry>;

export type GatewayErrorCode = keyof typeof ERROR_CATALOGUE;

export interface GatewayErrorOptions {
  /** The request field at fault, as OpenAI's `param`. */
  param?: string;
  /** When the caller may try again (from the provider's `Retry-After`, or our limiter). */
  retryAfterMs?: number;
  /** Set for errors that came from a provider. */
  upstream?: { provider: string; status?: number };
  /** Overrides the catalogue's status, e.g. to pass an upstream 4xx on unchanged. */
  status?: number;
  /** Extra response headers as flat name/value pairs (a 429's `x-ratelimit-*`). */
  headers?: readonly string[];
  cause?: unknown;
}

/**
 * The one error type of the gateway. Everything that fails becomes one of these before
 * it reaches the server room, which turns it into the surface's error shape.
 * Messages are shown to callers: they must never hold a credential or a stack trace.
 */
export class GatewayError extends Error {
  readonly code: GatewayErrorCode;
  readonly status: number;
  readonly kind: ErrorKind;
  readonly retryable: boolean;
  readonly type: string;
  readonly wireCode: string;
  readonly param: string | undefined;
  readonly retryAfterMs: number | undefined;
  readonly upstream: { provider: string; status?: number } | undefined;
  readonly headers: readonly string[] | undefined;

  constructor(code: GatewayErrorCode, message: string, options: GatewayErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    const entry: CatalogueEntry = ERROR_CATALOGUE[code];
    this.name = 'GatewayError';
    this.code = code;
    this.status = options.status ?? entry.status;
    this.kind = entry.kind;
    this.retryable = entry.retryable;
    this.type = entry.type;
    this.wireCode = entry.wireCode;
    this.param = options.param;
    this.retryAfterMs = options.retryAfterMs;
    this.upstream = options.upstream;
    this.headers = options.headers;
  }
}

/** Turns anything thrown into a GatewayError without exposing its message. */
export function toGatewayError(error: unknown): GatewayError {
  if (error instanceof GatewayError) return error;
  return new GatewayError('GW_INTERNAL', 'Internal gateway error', { cause: error });
}
