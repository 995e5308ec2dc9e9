/** One admin API call, framework-free: the server authenticates and parses, the handler answers. */
export interface AdminRequest {
  method: string;
  /** Path below `/admin`, e.g. `/logs/req_1`. */
  path: string;
  query: URLSearchParams;
  /** The parsed JSON body of a POST or PATCH (an empty object otherwise). */
  body: Record<string, unknown>;
  /** Who is asking (an admin): the master key, an admin key or an admin JWT. */
  actor: { keyId: string | undefined; userId: string | undefined };
  clientIp: string | undefined;
}

export interface AdminResponse {
  status: number;
  /** JSON, or the text itself when `contentType` is set. */
  body: unknown;
  /** Set for a non-JSON answer (CSV export): `body` is then a string sent as is. */
  contentType?: string;
}
