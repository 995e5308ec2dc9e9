import { describe, expect, it } from 'vitest';
import { rateLimitHeaders } from './rate-limit-status.js';

describe('rateLimitHeaders', () => {
  it("writes OpenAI's x-ratelimit headers for requests and tokens", () => {
    expect(rateLimitHeaders({ requests: { limit: 60, remaining: 59, resetMs: 1500 }, tokens: { limit: 1000, remaining: -5, resetMs: 90_000 } })).toEqual([
      'x-ratelimit-limit-requests', '60', 'x-ratelimit-remaining-requests', '59', 'x-ratelimit-reset-requests', '1.5s',
      'x-ratelimit-limit-tokens', '1000', 'x-ratelimit-remaining-tokens', '0', 'x-ratelimit-reset-tokens', '1m30s',
    ]);
  });

  it('writes nothing without limits', () => {
    expect(rateLimitHeaders({})).toEqual([]);
  });
});
