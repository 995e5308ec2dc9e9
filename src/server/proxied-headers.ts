import type { ServerResponse } from 'node:http';
import { formatWarning } from '../core/warning.js';
import type { GatewayContext } from '../pipeline/index.js';
import { formatMicrosAsUsd } from '../pricing/index.js';
import { REQUEST_ID_HEADER } from './error-response.js';

const COST_HEADER = 'x-switchyard-cost-usd';

const UNSAFE = /[^\x20-\x7e]/;
const UNSAFE_ALL = /[^\x20-\x7e]/g;
const ATTEMPT_COUNTS = Array.from({ length: 16 }, (_, count) => String(count));

/** Header values must be latin-1 without control characters; warnings can hold anything. */
function headerSafe(text: string): string {
  const safe = UNSAFE.test(text) ? text.replace(UNSAFE_ALL, '?') : text;
  return safe.length > 1000 ? safe.slice(0, 1000) : safe;
}

/**
 * CONTRACT.md section 3 headers for a proxied answer, known before the body is written,
 * as a flat `[name, value, ...]` list: `writeHead` takes it without building a header
 * map per response. `streaming` is whether the answer itself streams (an upstream may
 * answer a stream request with plain JSON), which decides whether the cost can only
 * come as a trailer.
 */
export function proxiedHeaders(context: GatewayContext, streaming: boolean): string[] {
  const { outcome } = context;
  const headers = [REQUEST_ID_HEADER, context.requestId, 'x-switchyard-attempts', ATTEMPT_COUNTS[context.attempts.length] ?? String(context.attempts.length), 'x-switchyard-cache', 'off'];
  if (outcome.provider !== undefined) headers.push('x-switchyard-provider', outcome.provider);
  if (outcome.deploymentModel !== undefined) headers.push('x-switchyard-model', headerSafe(outcome.deploymentModel));
  if (context.rateLimitHeaders) headers.push(...context.rateLimitHeaders);
  if (context.warnings.length > 0) headers.push('x-switchyard-warnings', headerSafe(context.warnings.map(formatWarning).join('; ')));
  if (streaming) {
    // The cost of a stream is known only at its end: it travels as an HTTP trailer.
    headers.push('trailer', COST_HEADER);
  } else if (outcome.costMicros !== undefined) {
    headers.push(COST_HEADER, formatMicrosAsUsd(outcome.costMicros));
  }
  return headers;
}

/** The stream's cost, after its last chunk. `unknown` when usage or price is unknown. */
export function addCostTrailer(response: ServerResponse, context: GatewayContext): void {
  const micros = context.outcome.costMicros;
  response.addTrailers({ [COST_HEADER]: micros === undefined ? 'unknown' : formatMicrosAsUsd(micros) });
}
