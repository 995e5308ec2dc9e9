/** The test controls a caller may send to the mock provider (CONTRACT.md section 2). */
export interface MockControls {
  /** Wait this long before answering. */
  latencyMs: number;
  /** Answer with this HTTP error instead. */
  status: number | undefined;
  /** Seconds to put in `Retry-After` with an error status. */
  retryAfterSeconds: number | undefined;
  /** Wait this long between streamed chunks. */
  chunkDelayMs: number;
}

const MAX_DELAY_MS = 600_000;

function header(headers: Readonly<Record<string, string | string[] | undefined>>, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function integer(text: string | undefined, min: number, max: number): number | undefined {
  if (text === undefined || !/^\d{1,9}$/.test(text.trim())) return undefined;
  const value = Number(text);
  return value >= min && value <= max ? value : undefined;
}

/** Reads `x-mock-*` headers; values out of range are ignored rather than trusted. */
export function readMockControls(headers: Readonly<Record<string, string | string[] | undefined>>): MockControls {
  return {
    latencyMs: integer(header(headers, 'x-mock-latency-ms'), 0, MAX_DELAY_MS) ?? 0,
    status: integer(header(headers, 'x-mock-status'), 400, 599),
    retryAfterSeconds: integer(header(headers, 'x-mock-retry-after'), 0, 3600),
    chunkDelayMs: integer(header(headers, 'x-mock-chunk-delay-ms'), 0, MAX_DELAY_MS) ?? 0,
  };
}
