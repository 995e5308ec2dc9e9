import type { GatewayErrorCode } from '../../core/errors.js';

/** The gateway error an AWS error type stands for; `status` overrides the catalogue's. */
export interface BedrockErrorMapping {
  code: GatewayErrorCode;
  status?: number;
}

const CONTEXT_MESSAGE = /too long|context (length|window)|maximum context|too many input tokens/i;

// https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Converse.html#API_runtime_Converse_Errors
// and the common AWS errors (https://docs.aws.amazon.com/bedrock/latest/APIReference/CommonErrors.html).
// Credential failures are the gateway's configuration, not the caller's: 502, not 401.
const BY_TYPE: Record<string, BedrockErrorMapping> = {
  accessdeniedexception: { code: 'GW_UPSTREAM_AUTH' },
  unrecognizedclientexception: { code: 'GW_UPSTREAM_AUTH' },
  invalidsignatureexception: { code: 'GW_UPSTREAM_AUTH' },
  incompletesignatureexception: { code: 'GW_UPSTREAM_AUTH' },
  missingauthenticationtokenexception: { code: 'GW_UPSTREAM_AUTH' },
  expiredtokenexception: { code: 'GW_UPSTREAM_AUTH' },
  resourcenotfoundexception: { code: 'GW_UPSTREAM_BAD_REQUEST', status: 404 },
  conflictexception: { code: 'GW_UPSTREAM_BAD_REQUEST' },
  throttlingexception: { code: 'GW_RATE_LIMITED' },
  // "You can resubmit your request later": another account or region may have quota now.
  servicequotaexceededexception: { code: 'GW_RATE_LIMITED' },
  // The SDKs retry it ("not ready to serve inference requests"), as a capacity problem.
  modelnotreadyexception: { code: 'GW_UNAVAILABLE' },
  serviceunavailableexception: { code: 'GW_UNAVAILABLE' },
  modeltimeoutexception: { code: 'GW_UPSTREAM_TIMEOUT' },
  internalserverexception: { code: 'GW_UPSTREAM_ERROR' },
  modelerrorexception: { code: 'GW_UPSTREAM_ERROR' },
  modelstreamerrorexception: { code: 'GW_UPSTREAM_ERROR' },
};

/**
 * An AWS error type (`ValidationException`, the stream's `throttlingException`, the
 * header form `ValidationException:http://...` or `prefix#Type`) -> gateway error code.
 * A `ValidationException` about the prompt's length is `GW_CONTEXT_TOO_LONG`. Unknown or
 * missing types fall back on the HTTP status; with neither, the error is a retryable
 * upstream failure.
 */
export function mapBedrockErrorType(type: string | undefined, status: number | undefined, message: string): BedrockErrorMapping {
  const name = normalizeType(type);
  if (name === 'validationexception') return CONTEXT_MESSAGE.test(message) ? { code: 'GW_CONTEXT_TOO_LONG' } : { code: 'GW_UPSTREAM_BAD_REQUEST' };
  const known = name === undefined ? undefined : BY_TYPE[name];
  if (known) return known;
  if (status === undefined) return { code: 'GW_UPSTREAM_ERROR' };
  if (status === 429) return { code: 'GW_RATE_LIMITED' };
  if (status === 401 || status === 403) return { code: 'GW_UPSTREAM_AUTH' };
  if (status === 503) return { code: 'GW_UNAVAILABLE' };
  if (status === 504 || status === 408) return { code: 'GW_UPSTREAM_TIMEOUT' };
  if (status >= 400 && status < 500) {
    if (CONTEXT_MESSAGE.test(message)) return { code: 'GW_CONTEXT_TOO_LONG' };
    return status === 404 || status === 422 ? { code: 'GW_UPSTREAM_BAD_REQUEST', status } : { code: 'GW_UPSTREAM_BAD_REQUEST' };
  }
  return { code: 'GW_UPSTREAM_ERROR' };
}

function normalizeType(type: string | undefined): string | undefined {
  if (type === undefined) return undefined;
  const withoutNamespace = type.slice(type.lastIndexOf('#') + 1);
  const colon = withoutNamespace.indexOf(':');
  const name = (colon === -1 ? withoutNamespace : withoutNamespace.slice(0, colon)).trim().toLowerCase();
  return name === '' ? undefined : name;
}
