/** Response headers as dialects receive them: lower-cased names. */
export type HeaderMap = Record<string, string | string[] | undefined>;

const NUMBER = /^\d+(\.\d+)?$/;
// RFC 9110 section 5.6.7: IMF-fixdate, obsolete RFC 850 and asctime forms all start with a day name.
const HTTP_DATE = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*,? /;

/**
 * How long the provider asked us to wait, in milliseconds. Reads `retry-after-ms`
 * (OpenAI, Azure; more precise, so preferred) and then `retry-after` as delta-seconds or
 * an HTTP date (RFC 9110 section 10.2.3). A date in the past gives 0. Missing, negative or
 * unparseable values give `undefined`.
 */
export function parseRetryAfterMs(headers: HeaderMap, nowMs: number): number | undefined {
  const milliseconds = readHeader(headers, 'retry-after-ms');
  if (milliseconds !== undefined && NUMBER.test(milliseconds)) return Math.ceil(Number(milliseconds));
  const retryAfter = readHeader(headers, 'retry-after');
  if (retryAfter === undefined) return undefined;
  if (NUMBER.test(retryAfter)) return Math.ceil(Number(retryAfter) * 1000);
  if (!HTTP_DATE.test(retryAfter)) return undefined;
  const date = Date.parse(retryAfter);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - nowMs);
}

function readHeader(headers: HeaderMap, name: string): string | undefined {
  const value = headers[name];
  const first = Array.isArray(value) ? value[0] : value;
  const trimmed = first?.trim();
  return trimmed === '' ? undefined : trimmed;
}
