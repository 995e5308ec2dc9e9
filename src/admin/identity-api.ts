import { randomBytes } from 'node:crypto';
import type { z } from 'zod';
import { generateKeySecret, hashKeySecret, keyDisplayPrefix } from '../auth/index.js';
import type { KeyRecord, TeamRecord, UserRecord } from '../core/access-policy.js';
import { GatewayError } from '../core/errors.js';
import type { IdentityStore, RecordTable } from '../storage/ports.js';
import type { AdminRequest, AdminResponse } from './admin-request.js';
import { applyKeyFields, applyPolicy, encodeKey, encodeTeam, encodeUser, keyBodySchema, teamBodySchema, userBodySchema } from './identity-wire.js';

export interface IdentityApiDependencies {
  identities: IdentityStore;
  now: () => number;
  /** Tells every instance that keys, users or teams changed (their caches drop lookups). */
  changed: () => Promise<void>;
}

const newId = (prefix: string) => `${prefix}_${randomBytes(12).toString('base64url')}`;

function parse<T extends z.ZodType>(schema: T, body: unknown): z.infer<T> {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const path = issue.path.map(String).join('.');
  const message = issue.code === 'unrecognized_keys' ? `unknown field "${issue.keys.join('", "')}"` : issue.message;
  throw new GatewayError('GW_INVALID_REQUEST', `${path === '' ? 'body' : path}: ${message}`, { param: path || undefined });
}

function page(query: URLSearchParams): { limit: number; offset: number } {
  const read = (name: string, fallback: number, max: number) => {
    const raw = query.get(name);
    if (raw === null) return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < 0 || value > max) throw new GatewayError('GW_INVALID_REQUEST', `${name}: expected an integer from 0 to ${max}`, { param: name });
    return value;
  };
  return { limit: read('limit', 100, 1000), offset: read('offset', 0, 1_000_000) };
}

const notFound = (kind: string, id: string) => new GatewayError('GW_ROUTE_NOT_FOUND', `No ${kind} with id "${id}".`, { param: 'id' });

async function checkOwners(identities: IdentityStore, teamId: string | undefined, userId: string | undefined): Promise<void> {
  if (teamId !== undefined && !(await identities.teams.get(teamId))) throw new GatewayError('GW_INVALID_REQUEST', `team_id: no team "${teamId}"`, { param: 'team_id' });
  if (userId !== undefined && !(await identities.users.get(userId))) throw new GatewayError('GW_INVALID_REQUEST', `user_id: no user "${userId}"`, { param: 'user_id' });
}

async function handleKeys(request: AdminRequest, id: string | undefined, action: string | undefined, deps: IdentityApiDependencies): Promise<AdminResponse> {
  const { identities, now } = deps;
  const { method } = request;
  if (id === undefined) {
    if (method === 'GET') {
      const { limit, offset } = page(request.query);
      const filter = { teamId: request.query.get('team_id') ?? undefined, userId: request.query.get('user_id') ?? undefined };
      return { status: 200, body: { object: 'list', data: (await identities.keys.list(filter, limit, offset)).map(encodeKey) } };
    }
    if (method !== 'POST') throw new GatewayError('GW_METHOD_NOT_ALLOWED', `${method} is not allowed on /admin/keys.`);
    const body = parse(keyBodySchema, request.body);
    const secret = generateKeySecret();
    const at = now();
    const key: KeyRecord = { id: newId('key'), name: body.name, hash: hashKeySecret(secret), prefix: keyDisplayPrefix(secret), role: 'user', createdAt: at, updatedAt: at };
    applyKeyFields(key, body);
    await checkOwners(identities, key.teamId, key.userId);
    await identities.keys.put(key);
    return { status: 201, body: { ...encodeKey(key), key: secret } };
  }
  const key = await identities.keys.get(id);
  if (!key) throw notFound('key', id);
  if (action === 'rotate' && method === 'POST') {
    if (key.revokedAt !== undefined) throw new GatewayError('GW_INVALID_REQUEST', 'A revoked key cannot be rotated.', { param: 'id' });
    const secret = generateKeySecret();
    // Same id, new hash: the old secret stops working, limits and spend carry on.
    const rotated: KeyRecord = { ...key, hash: hashKeySecret(secret), prefix: keyDisplayPrefix(secret), updatedAt: now() };
    await identities.keys.put(rotated);
    await deps.changed();
    return { status: 200, body: { ...encodeKey(rotated), key: secret } };
  }
  if (action !== undefined) throw new GatewayError('GW_ROUTE_NOT_FOUND', `Unknown route: ${method} /admin/keys/${id}/${action}`);
  if (method === 'GET') return { status: 200, body: encodeKey(key) };
  if (method === 'PATCH') {
    const body = parse(keyBodySchema.partial(), request.body);
    const updated: KeyRecord = { ...key, updatedAt: now() };
    applyKeyFields(updated, body);
    await checkOwners(identities, body.team_id ? updated.teamId : undefined, body.user_id ? updated.userId : undefined);
    await identities.keys.put(updated);
    await deps.changed();
    return { status: 200, body: encodeKey(updated) };
  }
  if (method === 'DELETE') {
    const revoked: KeyRecord = key.revokedAt === undefined ? { ...key, revokedAt: now(), updatedAt: now() } : key;
    await identities.keys.put(revoked);
    await deps.changed();
    return { status: 200, body: encodeKey(revoked) };
  }
  throw new GatewayError('GW_METHOD_NOT_ALLOWED', `${method} is not allowed on /admin/keys/{id}.`);
}

type Owner = 'teams' | 'users';

/** What differs between teams and users; the CRUD around it is the same. */
interface OwnerKind<T extends TeamRecord | UserRecord> {
  noun: 'team' | 'user';
  table: RecordTable<T>;
  encode(record: T): Record<string, unknown>;
  create(body: unknown, at: number): T;
  /** Applies a PATCH body to `record`; answers the team it now names, to check it exists. */
  patch(record: T, body: unknown): string | undefined;
  /** The list filter from the query string. */
  filter(query: URLSearchParams): Parameters<RecordTable<T>['list']>[0];
}

function teamKind(identities: IdentityStore): OwnerKind<TeamRecord> {
  return {
    noun: 'team',
    table: identities.teams,
    encode: encodeTeam,
    create: createTeam,
    patch(team, raw) {
      const body = parse(teamBodySchema.omit({ id: true }).partial(), raw);
      if (body.name !== undefined) team.name = body.name;
      applyPolicy(team, body);
      return undefined;
    },
    filter: () => ({}),
  };
}

function userKind(identities: IdentityStore): OwnerKind<UserRecord> {
  return {
    noun: 'user',
    table: identities.users,
    encode: encodeUser,
    create: createUser,
    patch(user, raw) {
      const body = parse(userBodySchema.omit({ id: true }).partial(), raw);
      applyUserFields(user, body);
      return body.team_id ?? undefined;
    },
    filter: (query) => ({ teamId: query.get('team_id') ?? undefined }),
  };
}

async function handleOwner<T extends TeamRecord | UserRecord>(kind: OwnerKind<T>, request: AdminRequest, id: string | undefined, deps: IdentityApiDependencies): Promise<AdminResponse> {
  const { identities, now } = deps;
  const { method } = request;
  const area = `${kind.noun}s` as Owner;
  if (id === undefined) {
    if (method === 'GET') {
      const { limit, offset } = page(request.query);
      return { status: 200, body: { object: 'list', data: (await kind.table.list(kind.filter(request.query), limit, offset)).map((record) => kind.encode(record)) } };
    }
    if (method !== 'POST') throw new GatewayError('GW_METHOD_NOT_ALLOWED', `${method} is not allowed on /admin/${area}.`);
    const record = kind.create(request.body, now());
    if (await kind.table.get(record.id)) throw new GatewayError('GW_INVALID_REQUEST', `id: a ${kind.noun} "${record.id}" exists already`, { param: 'id' });
    if ('teamId' in record) await checkOwners(identities, record.teamId, undefined);
    await kind.table.put(record);
    return { status: 201, body: kind.encode(record) };
  }
  const record = await kind.table.get(id);
  if (!record) throw notFound(kind.noun, id);
  if (method === 'GET') return { status: 200, body: kind.encode(record) };
  if (method === 'PATCH') {
    const updated: T = { ...record, updatedAt: now() };
    await checkOwners(identities, kind.patch(updated, request.body), undefined);
    await kind.table.put(updated);
    await deps.changed();
    return { status: 200, body: kind.encode(updated) };
  }
  if (method === 'DELETE') {
    await refuseIfReferenced(identities, area, id);
    await kind.table.delete(id);
    await deps.changed();
    return { status: 200, body: { object: kind.noun, id, deleted: true } };
  }
  throw new GatewayError('GW_METHOD_NOT_ALLOWED', `${method} is not allowed on /admin/${area}/{id}.`);
}

/** A team or user that keys (or, for a team, users) still name cannot go: they would silently lose its limits. */
async function refuseIfReferenced(identities: IdentityStore, area: Owner, id: string): Promise<void> {
  const filter = area === 'teams' ? { teamId: id } : { userId: id };
  const keys = (await identities.keys.list(filter, 1000, 0)).filter((key) => key.revokedAt === undefined);
  const users = area === 'teams' ? await identities.users.list({ teamId: id }, 1, 0) : [];
  if (keys.length === 0 && users.length === 0) return;
  const what = [keys.length > 0 ? `${keys.length}${keys.length === 1000 ? '+' : ''} active key(s)` : '', users.length > 0 ? 'users' : ''].filter(Boolean).join(' and ');
  throw new GatewayError('GW_INVALID_REQUEST', `The ${area === 'teams' ? 'team' : 'user'} "${id}" still has ${what}: move or revoke them first.`, { param: 'id' });
}

function createTeam(raw: unknown, at: number): TeamRecord {
  const body = parse(teamBodySchema, raw);
  const team: TeamRecord = { id: body.id ?? newId('team'), name: body.name, createdAt: at, updatedAt: at };
  applyPolicy(team, body);
  return team;
}

function applyUserFields(user: UserRecord, body: Partial<z.infer<typeof userBodySchema>>): void {
  for (const [field, wire] of [['name', body.name], ['email', body.email], ['teamId', body.team_id]] as const) {
    if (wire === null) delete user[field];
    else if (wire !== undefined) user[field] = wire;
  }
  applyPolicy(user, body);
}

function createUser(raw: unknown, at: number): UserRecord {
  const body = parse(userBodySchema, raw);
  const user: UserRecord = { id: body.id ?? newId('user'), createdAt: at, updatedAt: at };
  applyUserFields(user, body);
  return user;
}

/** `/admin/keys`, `/admin/teams`, `/admin/users`: create, list, read, update, revoke/delete, rotate. */
export function handleIdentities(area: 'keys' | Owner, request: AdminRequest, id: string | undefined, action: string | undefined, deps: IdentityApiDependencies): Promise<AdminResponse> {
  if (area === 'keys') return handleKeys(request, id, action, deps);
  if (action !== undefined) throw new GatewayError('GW_ROUTE_NOT_FOUND', `Unknown route: ${request.method} /admin/${area}/${id}/${action}`);
  return area === 'teams' ? handleOwner(teamKind(deps.identities), request, id, deps) : handleOwner(userKind(deps.identities), request, id, deps);
}
