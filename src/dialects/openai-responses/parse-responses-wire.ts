import type { z } from 'zod';
import { GatewayError } from '../../core/errors.js';
import { formatWireIssue } from '../_shared/format-wire-issue.js';

/**
 * Validates `value` against `schema`; a failure throws `GW_INVALID_REQUEST` naming the
 * field from the body's root (`input[2].content[0].type: expected one of ...`).
 */
export function parseResponsesWire<Schema extends z.ZodType>(
  schema: Schema,
  value: unknown,
  basePath: readonly PropertyKey[] = [],
): z.infer<Schema> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const first = result.error.issues[0];
  const issue = first ? formatWireIssue(first, basePath) : { path: 'body', message: 'invalid request' };
  throw invalidResponsesParam(issue.path, issue.message);
}

/** The gateway's 400 for one request field, in the `param: message` form every decoder uses. */
export function invalidResponsesParam(param: string, message: string): GatewayError {
  return new GatewayError('GW_INVALID_REQUEST', `${param}: ${message}`, { param });
}
