import type { ConfigSnapshot, ReloadOutcome } from '../config/index.js';
import { GatewayError } from '../core/errors.js';
import type { AuditLogStore, IdentityStore, RequestAnalyticsStore, RequestLogStore } from '../storage/ports.js';

export type { AdminRequest, AdminResponse } from './admin-request.js';
import type { AdminRequest, AdminResponse } from './admin-request.js';
import { encodeRequestLogEntry } from './encode-request-log-entry.js';
import { handleIdentities } from './identity-api.js';
import { handleUsage } from './usage-api.js';
import { handleAnalytics } from './analytics-api.js';
import { auditAdminActions } from './audit-admin-actions.js';
import { handleAudit } from './audit-api.js';
import { encodeKey, encodeTeam, encodeUser } from './identity-wire.js';
import type { IdentityApiDependencies } from './identity-api.js';
import { parseLogQuery } from './parse-log-query.js';


/** One deployment's live routing state, for `GET /admin/health` (built by the router). */
export interface DeploymentHealthEntry {
  readonly deployment: string;
  readonly provider: string;
  readonly model: string;
  readonly models: readonly string[];
  /** Circuit breaker state: `closed`, `open`, `half-open` or `disabled`. */
  readonly state: string;
  readonly failuresInWindow: number;
  /** Epoch ms at which an open breaker lets a probe through. */
  readonly openUntil: number | undefined;
  readonly ttfbMs: number | undefined;
  readonly inFlight: number;
}

/** One provider connection's active health check, for `GET /admin/health` (built by the router). */
export interface ConnectionHealthEntry {
  readonly provider: string;
  /** Whether the config gives the connection a `health_check`. */
  readonly checked: boolean;
  /** `up`, `down`, or `unknown` (not checked, or no verdict yet). */
  readonly status: string;
  /** Epoch ms of the latest probe's verdict. */
  readonly checkedAt: number | undefined;
  /** The latest failed probe's message (GatewayError messages hold no secrets). */
  readonly lastError: string | undefined;
  readonly consecutiveFailures: number;
}

export interface AdminDependencies {
  requestLog: RequestLogStore;
  /** Usage over time, latency percentiles (`/admin/analytics/*`). */
  analytics: RequestAnalyticsStore;
  now: () => number;
  /** Writes queued log rows, so a read right after a request sees it. */
  flushRequestLog: () => Promise<void>;
  reload: () => ReloadOutcome;
  snapshot: () => ConfigSnapshot;
  /** Every configured deployment's breaker and statistics, this process's view. */
  health: () => readonly DeploymentHealthEntry[];
  /** Keys, teams and users; unset (tests of other areas): those routes answer 501. */
  identities?: IdentityApiDependencies;
  /** Every provider connection's active health check; unset: the answer has no `connections`. */
  connections?: () => readonly ConnectionHealthEntry[];
  /** The audit chain: every successful change through this API is appended; unset (tests of other areas): not audited. */
  audit?: { store: AuditLogStore; onError: (error: unknown, action: string) => void };
}

/** A key, team or user as the admin API shows it, for an audit entry's before and after. */
async function readIdentity(identities: IdentityStore | undefined, area: string, id: string): Promise<unknown> {
  if (identities === undefined) return undefined;
  if (area === 'keys') return identities.keys.get(id).then((key) => key && encodeKey(key));
  if (area === 'teams') return identities.teams.get(id).then((team) => team && encodeTeam(team));
  if (area === 'users') return identities.users.get(id).then((user) => user && encodeUser(user));
  return undefined;
}

function encodeHealth(entry: DeploymentHealthEntry): Record<string, unknown> {
  return {
    deployment: entry.deployment,
    provider: entry.provider,
    model: entry.model,
    models: entry.models,
    circuit: entry.state,
    failures_in_window: entry.failuresInWindow,
    open_until: entry.openUntil === undefined ? null : new Date(entry.openUntil).toISOString(),
    ttfb_ms: entry.ttfbMs === undefined ? null : Math.round(entry.ttfbMs * 10) / 10,
    in_flight: entry.inFlight,
  };
}

function encodeConnectionHealth(entry: ConnectionHealthEntry): Record<string, unknown> {
  return {
    provider: entry.provider,
    checked: entry.checked,
    status: entry.status,
    checked_at: entry.checkedAt === undefined ? null : new Date(entry.checkedAt).toISOString(),
    last_error: entry.lastError ?? null,
    consecutive_failures: entry.consecutiveFailures,
  };
}

/**
 * The admin API, framework-free: the server authenticates the caller as admin, then
 * hands over method, path and query. Answers or throws a GatewayError.
 */
export function createAdminHandler(dependencies: AdminDependencies): (request: AdminRequest) => Promise<AdminResponse> {
  const { audit } = dependencies;
  if (!audit) return routeAdmin(dependencies);
  return auditAdminActions(routeAdmin(dependencies), {
    audit: audit.store,
    now: dependencies.now,
    readTarget: (area, id) => readIdentity(dependencies.identities?.identities, area, id),
    onError: audit.onError,
  });
}

function routeAdmin(dependencies: AdminDependencies): (request: AdminRequest) => Promise<AdminResponse> {
  return async function handleAdmin(request) {
    const segments = request.path.split('/').filter((segment) => segment !== '');
    const [area, id, ...rest] = segments;
    const method = request.method;
    if (area === 'logs' && rest.length === 0 && method === 'GET') {
      await dependencies.flushRequestLog();
      if (id === undefined) {
        const records = await dependencies.requestLog.query(parseLogQuery(request.query));
        return { status: 200, body: { object: 'list', data: records.map(encodeRequestLogEntry) } };
      }
      const record = /^[A-Za-z0-9_-]{1,100}$/.test(id) ? await dependencies.requestLog.get(id) : undefined;
      if (!record) throw new GatewayError('GW_ROUTE_NOT_FOUND', 'No request log row with that id.');
      return { status: 200, body: encodeRequestLogEntry(record) };
    }
    if (area === 'config' && id === undefined && method === 'GET') {
      const snapshot = dependencies.snapshot();
      return { status: 200, body: { version: snapshot.version, source: snapshot.source, loaded_at: new Date(snapshot.loadedAt).toISOString(), config: snapshot.redacted } };
    }
    if (area === 'health' && id === undefined && method === 'GET') {
      const data = dependencies.health().map(encodeHealth);
      const connections = dependencies.connections?.().map(encodeConnectionHealth);
      return { status: 200, body: connections ? { object: 'list', data, connections } : { object: 'list', data } };
    }
    if (area === 'reload' && id === undefined && method === 'POST') {
      const outcome = dependencies.reload();
      if (!outcome.ok) {
        return { status: 400, body: { error: { message: `config refused, the running config stays: ${outcome.problems.join('; ')}`, type: 'invalid_request_error', code: 'invalid_config', param: null, problems: outcome.problems } } };
      }
      return { status: 200, body: { reloaded: true, version: outcome.snapshot.version, source: outcome.snapshot.source } };
    }
    if ((area === 'keys' || area === 'teams' || area === 'users') && dependencies.identities && rest.length <= 1) {
      return handleIdentities(area, request, id, rest[0], dependencies.identities);
    }
    if (area === 'usage' && id === undefined && method === 'GET') {
      await dependencies.flushRequestLog();
      return handleUsage(request.query, dependencies.requestLog);
    }
    if (area === 'analytics' && id !== undefined && rest.length === 0 && method === 'GET') {
      await dependencies.flushRequestLog();
      return handleAnalytics(id, request.query, dependencies, dependencies.now);
    }
    if (area === 'audit' && id === undefined && method === 'GET' && dependencies.audit) return handleAudit(request.query, dependencies.audit.store);
    if (['logs', 'config', 'reload', 'health', 'usage', 'keys', 'teams', 'users', 'analytics', 'audit'].includes(area ?? '')) throw new GatewayError('GW_METHOD_NOT_ALLOWED', `${method} is not allowed on /admin/${segments.join('/')}.`);
    throw new GatewayError('GW_ROUTE_NOT_FOUND', `Unknown admin route /admin/${segments.join('/')}.`);
  };
}
