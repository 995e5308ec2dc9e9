import type { Secret } from '../core/secret.js';

/** A JSON object as the admin API sends it; the CLI prints fields it does not know as they are. */
export type JsonObject = Record<string, unknown>;

/** A failed admin API call: the gateway's refusal (with its HTTP status) or why there was no answer. */
export class AdminApiError extends Error {
  override readonly name = 'AdminApiError';

  constructor(
    message: string,
    /** The HTTP status, when the gateway answered. */
    readonly status?: number,
    /** The error envelope's `code`, when it had one. */
    readonly code?: string,
  ) {
    super(message);
  }
}

/** One admin API call. */
export interface AdminCall {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** From the gateway's root: `/admin/keys/key_1/rotate`; ids already URL-encoded. */
  path: string;
  /** Query parameters; undefined ones are left out. */
  query?: Record<string, string | number | undefined>;
  body?: JsonObject;
}

export interface AdminClientOptions {
  /** The gateway's URL, e.g. `http://127.0.0.1:4000`; a path prefix (behind a proxy) is kept. */
  baseUrl: string;
  /** The master key or a key with the admin role; undefined sends no Authorization header. */
  key: Secret | undefined;
  /** How long one call may take, headers and body, before it is abandoned. */
  timeoutMs?: number;
  /** Injected in tests; the global fetch otherwise. */
  fetch?: typeof fetch;
}

const DEFAULT_TIMEOUT_MS = 30_000;
const SNIPPET_CHARS = 300;

/** The admin API over HTTP: JSON in, JSON out, every failure an AdminApiError with a message a person can act on. */
export class AdminClient {
  readonly #base: string;
  readonly #key: Secret | undefined;
  readonly #timeoutMs: number;
  readonly #fetch: typeof fetch;

  constructor(options: AdminClientOptions) {
    this.#base = options.baseUrl.replace(/\/+$/, '');
    this.#key = options.key;
    this.#timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.#fetch = options.fetch ?? fetch;
  }

  /** Sends the call; resolves with the parsed JSON body (undefined for an empty one). */
  async call(call: AdminCall): Promise<unknown> {
    const label = `${call.method} ${call.path}`;
    const headers: Record<string, string> = { accept: 'application/json' };
    if (this.#key !== undefined) headers.authorization = `Bearer ${this.#key.reveal()}`;
    if (call.body !== undefined) headers['content-type'] = 'application/json';
    let status: number;
    let text: string;
    try {
      const response = await this.#fetch(this.#url(call), {
        method: call.method,
        headers,
        body: call.body === undefined ? undefined : JSON.stringify(call.body),
        signal: AbortSignal.timeout(this.#timeoutMs),
      });
      status = response.status;
      text = await response.text();
    } catch (error) {
      throw new AdminApiError(`${label}: ${this.#describeFailure(error)}`);
    }
    const parsed = parseJson(text);
    if (status < 200 || status > 299) throw this.#refusal(label, status, parsed, text);
    if (text.trim() === '') return undefined;
    if (parsed === NOT_JSON) throw new AdminApiError(`${label}: HTTP ${status} with a body that is not JSON: ${this.#snippet(text)}`, status);
    return parsed;
  }

  #url(call: AdminCall): string {
    const query = new URLSearchParams();
    for (const [name, value] of Object.entries(call.query ?? {})) if (value !== undefined) query.set(name, String(value));
    const search = query.toString();
    return `${this.#base}${call.path}${search === '' ? '' : `?${search}`}`;
  }

  #describeFailure(error: unknown): string {
    if (error instanceof Error && error.name === 'TimeoutError') return `no answer from ${this.#base} within ${this.#timeoutMs / 1000} s`;
    // undici's fetch reports the socket error (ECONNREFUSED, ENOTFOUND…) as the cause of a bare "fetch failed".
    const cause = error instanceof Error ? (error.cause as { code?: unknown; message?: unknown } | undefined) : undefined;
    const reason = typeof cause?.code === 'string' ? cause.code : typeof cause?.message === 'string' ? cause.message : String(error instanceof Error ? error.message : error);
    return `cannot reach the gateway at ${this.#base} (${reason}); is it running? Pass --url or set SWITCHYARD_URL.`;
  }

  #refusal(label: string, status: number, parsed: unknown, text: string): AdminApiError {
    const envelope = isObject(parsed) && isObject(parsed.error) ? parsed.error : undefined;
    const message = typeof envelope?.message === 'string' ? envelope.message : text.trim() === '' ? '(empty body)' : this.#snippet(text);
    const code = typeof envelope?.code === 'string' ? envelope.code : undefined;
    const details = [code === undefined ? undefined : `code ${code}`, typeof envelope?.param === 'string' ? `param ${envelope.param}` : undefined].filter((part) => part !== undefined);
    let hint = '';
    if (status === 401) hint = this.#key === undefined ? ' No admin key was sent: pass --key or set SWITCHYARD_ADMIN_KEY.' : ' Check --key / SWITCHYARD_ADMIN_KEY.';
    if (status === 403) hint = ' The key needs the admin role (or use the master key).';
    const said = this.#redact(message);
    const joined = hint === '' || /[.!?]$/.test(said) ? `${said}${hint}` : `${said}.${hint}`;
    return new AdminApiError(`${label}: HTTP ${status}${details.length === 0 ? '' : ` (${details.join(', ')})`}: ${joined}`, status, code);
  }

  #snippet(text: string): string {
    const trimmed = text.trim();
    return this.#redact(trimmed.length > SNIPPET_CHARS ? `${trimmed.slice(0, SNIPPET_CHARS)}…` : trimmed);
  }

  /** A proxy or a buggy server may echo the Authorization header back; the key must not reach the terminal. */
  #redact(text: string): string {
    const key = this.#key?.reveal();
    return key === undefined || key === '' ? text : text.split(key).join('[redacted]');
  }
}

const NOT_JSON = Symbol('not JSON');

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return NOT_JSON;
  }
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The body as an object, or an AdminApiError saying what came instead. */
export function expectObject(value: unknown, what: string): JsonObject {
  if (isObject(value)) return value;
  throw new AdminApiError(`unexpected answer from the gateway: ${what} is not a JSON object`);
}

/** The `data` of a `{object: 'list', data: [...]}` body. */
export function expectList(value: unknown, what: string): JsonObject[] {
  const data = isObject(value) ? value.data : undefined;
  if (Array.isArray(data) && data.every(isObject)) return data;
  throw new AdminApiError(`unexpected answer from the gateway: ${what} is not a list of objects`);
}
