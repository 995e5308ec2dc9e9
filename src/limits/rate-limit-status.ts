/** Where a request stands against its tightest request and token windows (OpenAI's x-ratelimit-* headers). */
export interface RateLimitStatus {
  requests?: { limit: number; remaining: number; resetMs: number } | undefined;
  tokens?: { limit: number; remaining: number; resetMs: number } | undefined;
}

function duration(ms: number): string {
  const seconds = Math.max(0, ms) / 1000;
  return seconds >= 60 ? `${Math.floor(seconds / 60)}m${Math.round(seconds % 60)}s` : `${Number(seconds.toFixed(3))}s`;
}

/**
 * The headers OpenAI sends with every answer: `x-ratelimit-limit-requests`,
 * `-remaining-requests`, `-reset-requests` (a duration like `1s` or `6m0s`) and the same
 * for tokens. Flat name/value pairs, as the server writes them.
 */
export function rateLimitHeaders(status: RateLimitStatus): string[] {
  const headers: string[] = [];
  for (const [suffix, window] of [['requests', status.requests], ['tokens', status.tokens]] as const) {
    if (!window) continue;
    headers.push(`x-ratelimit-limit-${suffix}`, String(window.limit), `x-ratelimit-remaining-${suffix}`, String(Math.max(0, window.remaining)), `x-ratelimit-reset-${suffix}`, duration(window.resetMs));
  }
  return headers;
}
