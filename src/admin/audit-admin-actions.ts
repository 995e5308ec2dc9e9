import type { AuditEntryInput } from '../core/audit-entry.js';
import type { AuditLogStore } from '../storage/ports.js';
import type { AdminRequest, AdminResponse } from './admin-request.js';

/** What the audit wrapper needs. */
export interface AuditAdminActionsOptions {
  audit: AuditLogStore;
  now: () => number;
  /**
   * The target as the admin API shows it (e.g. `encodeKey`), or undefined when it does not
   * exist. `area` is the path's first segment (`keys`, `teams`, `users`), `id` the second.
   */
  readTarget: (area: string, id: string) => Promise<unknown>;
  /** An admin call succeeded but could not be audited (or its target could not be read). */
  onError: (error: unknown, action: string) => void;
}

const REDACTED = '[redacted]';

const SECRET_FIELDS = new Set(['key', 'secret', 'hash', 'api_key', 'password', 'token', 'master_key', 'client_secret']);

/** A copy of a JSON value with every field named like a secret (at any depth) replaced by `[redacted]`. */
export function redactSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactSecrets);
  if (value === null || typeof value !== 'object') return value;
  const copy: Record<string, unknown> = {};
  for (const [field, item] of Object.entries(value)) copy[field] = SECRET_FIELDS.has(field.toLowerCase()) ? REDACTED : redactSecrets(item);
  return copy;
}

const MUTATING = new Set(['POST', 'PATCH', 'PUT', 'DELETE']);

// Areas whose action is not `<area minus s>.<verb>`.
const AREA_TARGETS: Readonly<Record<string, { type: string; verb?: string }>> = {
  reload: { type: 'config', verb: 'reload' },
};

interface AuditedCall {
  area: string;
  targetType: string;
  /** From the path; for a create, taken from the response. */
  id: string | undefined;
  action: string;
}

function describeCall(request: AdminRequest): AuditedCall | undefined {
  if (!MUTATING.has(request.method)) return undefined;
  const [area, id, subAction] = request.path.split('/').filter((segment) => segment !== '');
  if (area === undefined) return undefined;
  const known = AREA_TARGETS[area];
  const targetType = known?.type ?? (area.endsWith('s') ? area.slice(0, -1) : area);
  let verb = known?.verb ?? subAction;
  if (verb === undefined) {
    if (request.method === 'POST') verb = id === undefined ? 'create' : 'update';
    else if (request.method === 'DELETE') verb = area === 'keys' ? 'revoke' : 'delete';
    else verb = 'update';
  }
  return { area, targetType, id, action: `${targetType}.${verb}` };
}

// The master key authenticates as key id `master` (generated key ids are `key_...`); with
// auth off (no master key) nobody is authenticated, and the log says so.
const actorOf = (request: AdminRequest): string => {
  const { keyId, userId } = request.actor;
  if (keyId === 'master') return 'master';
  if (keyId !== undefined) return `key:${keyId}`;
  if (userId !== undefined) return `user:${userId}`;
  return 'anonymous';
};

const idFromBody = (body: unknown): string | undefined => {
  const id = body !== null && typeof body === 'object' ? (body as { id?: unknown }).id : undefined;
  return typeof id === 'string' ? id : undefined;
};

/**
 * Wraps the admin handler so every successful (status < 400) POST, PATCH, PUT or DELETE
 * is appended to the audit chain: who, what, which target, before and after (secrets
 * redacted), when, from where. Reads and failed calls are not audited.
 *
 * The append is awaited, so the caller sees its action in `GET /admin/audit` at once.
 * When it fails, the call is still answered: the change has already happened, and
 * refusing it now would tell the client it had not. The failure goes to `onError`, which
 * must make it loud (an error log, an alert) rather than let the gap pass unseen.
 */
export function auditAdminActions(handler: (request: AdminRequest) => Promise<AdminResponse>, options: AuditAdminActionsOptions): (request: AdminRequest) => Promise<AdminResponse> {
  // A failed read is reported only once the call has succeeded: a failed call is not audited.
  const read = async (call: AuditedCall): Promise<{ value: unknown; error?: unknown }> => {
    if (call.id === undefined) return { value: undefined };
    try {
      return { value: await options.readTarget(call.area, call.id) };
    } catch (error) {
      return { value: undefined, error };
    }
  };

  return async function handleAudited(request) {
    const call = describeCall(request);
    if (call === undefined) return handler(request);
    const before = await read(call);
    const response = await handler(request);
    if (response.status >= 400) return response;
    // A deleted target's response is only an acknowledgement; its state now is what counts.
    const after = request.method === 'DELETE' ? await read(call) : { value: response.body };
    for (const { error } of [before, after]) if (error !== undefined) options.onError(error, call.action);
    const entry: AuditEntryInput = {
      at: options.now(),
      actor: actorOf(request),
      action: call.action,
      targetType: call.targetType,
      targetId: call.id ?? idFromBody(response.body),
      before: redactSecrets(before.value),
      after: redactSecrets(after.value),
      sourceIp: request.clientIp,
    };
    try {
      await options.audit.append(entry);
    } catch (error) {
      options.onError(error, call.action);
    }
    return response;
  };
}
