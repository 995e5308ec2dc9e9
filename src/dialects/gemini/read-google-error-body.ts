import { googleErrorBodySchema } from './gemini-wire.js';

/** What a Google error envelope says, before any mapping. */
export interface GoogleErrorDetails {
  /** `error.code`: the HTTP status Google meant. */
  code?: number;
  message?: string;
  /** `error.status`: the canonical code name (`INVALID_ARGUMENT`, `RESOURCE_EXHAUSTED`...). */
  status?: string;
  /** `reason` of every `google.rpc.ErrorInfo` detail (`API_KEY_INVALID`...). */
  reasons: string[];
  /** `google.rpc.RetryInfo.retryDelay` in milliseconds. */
  retryDelayMs?: number;
}

const DURATION = /^(\d+(?:\.\d+)?)s$/;

/**
 * Reads `{"error": {"code", "message", "status", "details"}}`, also when wrapped in a
 * one-element array (the non-SSE `:streamGenerateContent` answers errors that way).
 * Returns `undefined` when the value carries no Google error.
 */
export function readGoogleErrorBody(body: unknown): GoogleErrorDetails | undefined {
  const candidate = Array.isArray(body) ? body[0] : body;
  const result = googleErrorBodySchema.safeParse(candidate);
  if (!result.success) return undefined;
  const wire = result.data.error;
  const details: GoogleErrorDetails = { reasons: [] };
  if (typeof wire.code === 'number') details.code = wire.code;
  if (wire.message) details.message = wire.message;
  if (wire.status) details.status = wire.status;
  for (const detail of wire.details ?? []) {
    if (typeof detail !== 'object' || detail === null) continue;
    const record = detail as Record<string, unknown>;
    const type = typeof record['@type'] === 'string' ? record['@type'] : '';
    if (type.endsWith('google.rpc.ErrorInfo') && typeof record.reason === 'string') details.reasons.push(record.reason);
    if (type.endsWith('google.rpc.RetryInfo')) {
      const delay = parseDuration(record.retryDelay);
      if (delay !== undefined) details.retryDelayMs = delay;
    }
  }
  return details;
}

/** Parses JSON text into error details; `undefined` for anything that is not one. */
export function parseGoogleErrorText(text: string): GoogleErrorDetails | undefined {
  const trimmed = text.trim();
  if (!trimmed.startsWith('{') && !trimmed.startsWith('[')) return undefined;
  try {
    return readGoogleErrorBody(JSON.parse(trimmed));
  } catch {
    return undefined;
  }
}

/** A protobuf Duration in its JSON form (`"30s"`, `"1.5s"`) or as `{seconds, nanos}`. */
function parseDuration(value: unknown): number | undefined {
  if (typeof value === 'string') {
    const match = DURATION.exec(value.trim());
    return match?.[1] === undefined ? undefined : Math.ceil(Number(match[1]) * 1000);
  }
  if (typeof value === 'object' && value !== null) {
    const { seconds, nanos } = value as { seconds?: unknown; nanos?: unknown };
    const whole = typeof seconds === 'string' || typeof seconds === 'number' ? Number(seconds) : 0;
    const fraction = typeof nanos === 'number' ? nanos / 1e9 : 0;
    const total = whole + fraction;
    return Number.isFinite(total) && total >= 0 ? Math.ceil(total * 1000) : undefined;
  }
  return undefined;
}
