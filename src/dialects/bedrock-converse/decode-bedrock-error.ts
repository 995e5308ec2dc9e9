import { ERROR_CATALOGUE, GatewayError, type GatewayErrorOptions } from '../../core/errors.js';
import { parseRetryAfterMs } from '../_shared/parse-retry-after.js';
import { redactUpstreamMessage } from '../_shared/redact-upstream-message.js';
import type { UpstreamErrorInput } from '../dialect.js';
import { bedrockErrorBodySchema } from './bedrock-converse-wire.js';
import { mapBedrockErrorType } from './map-bedrock-error-type.js';

/**
 * A Bedrock non-2xx answer -> the gateway's error. The AWS error type comes from the
 * `x-amzn-errortype` header (`ValidationException:http://internal.amazon.com/...`), else
 * the body's `__type` or `code`; the text from the body's `message`. Retryable errors
 * keep a `Retry-After` when one was sent (Bedrock rarely sends one). The
 * message is `<provider>: <upstream message>`, credentials redacted, at most 500 characters.
 */
export function decodeBedrockError(input: UpstreamErrorInput): GatewayError {
  const body = parseBody(input.body);
  const upstreamText = body?.message ?? body?.Message ?? fallbackText(input);
  const type = firstHeader(input.headers['x-amzn-errortype']) ?? body?.__type ?? body?.code;
  const mapping = mapBedrockErrorType(type, input.status, upstreamText);
  const options: GatewayErrorOptions = { upstream: { provider: input.provider, status: input.status } };
  if (mapping.status !== undefined) options.status = mapping.status;
  if (ERROR_CATALOGUE[mapping.code].retryable) {
    const retryAfterMs = parseRetryAfterMs(input.headers, input.now);
    if (retryAfterMs !== undefined) options.retryAfterMs = retryAfterMs;
  }
  return new GatewayError(mapping.code, redactUpstreamMessage(`${input.provider}: ${upstreamText}`), options);
}

function parseBody(text: string): { message?: string; Message?: string; __type?: string; code?: string } | undefined {
  const trimmed = text.trim();
  if (!trimmed.startsWith('{')) return undefined;
  try {
    const result = bedrockErrorBodySchema.safeParse(JSON.parse(trimmed));
    return result.success ? result.data : undefined;
  } catch {
    return undefined;
  }
}

function firstHeader(value: string | string[] | undefined): string | undefined {
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined || first.trim() === '' ? undefined : first;
}

function fallbackText(input: UpstreamErrorInput): string {
  const text = input.body.trim();
  return text === '' ? `HTTP ${input.status} with an empty body` : text;
}
