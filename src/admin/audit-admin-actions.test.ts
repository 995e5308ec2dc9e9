import { describe, expect, it } from 'vitest';
import type { AuditEntry, AuditEntryInput } from '../core/audit-entry.js';
import { GatewayError } from '../core/errors.js';
import { verifyAuditChain } from '../core/verify-audit-chain.js';
import { MemoryIdentityStore } from '../storage/memory/index.js';
import { MemoryAuditLogStore } from '../storage/memory/memory-audit-log-store.js';
import type { AuditLogStore } from '../storage/ports.js';
import type { AdminRequest, AdminResponse } from './admin-request.js';
import { auditAdminActions, redactSecrets } from './audit-admin-actions.js';
import type { AuditAdminActionsOptions } from './audit-admin-actions.js';
import { handleIdentities } from './identity-api.js';
import { encodeKey, encodeTeam, encodeUser } from './identity-wire.js';

const NOW = Date.parse('2026-11-22T10:00:00Z');

function setup(overrides: Partial<AuditAdminActionsOptions> = {}) {
  const identities = new MemoryIdentityStore();
  const audit = new MemoryAuditLogStore();
  const errors: { error: unknown; action: string }[] = [];
  // The identity routes as create-admin-handler dispatches them, plus a config reload.
  const inner = async (request: AdminRequest): Promise<AdminResponse> => {
    const [area, id, action] = request.path.split('/').filter((segment) => segment !== '');
    if (area === 'reload' && request.method === 'POST') return { status: 200, body: { reloaded: true, version: 2, source: 'switchyard.yaml' } };
    if (area === 'keys' || area === 'teams' || area === 'users') return handleIdentities(area, request, id, action, { identities, now: () => NOW, changed: async () => {} });
    throw new GatewayError('GW_ROUTE_NOT_FOUND', `Unknown admin route ${request.path}`);
  };
  const readTarget = async (area: string, id: string): Promise<unknown> => {
    if (area === 'keys') {
      const key = await identities.keys.get(id);
      return key && encodeKey(key);
    }
    if (area === 'teams') {
      const team = await identities.teams.get(id);
      return team && encodeTeam(team);
    }
    const user = area === 'users' ? await identities.users.get(id) : undefined;
    return user && encodeUser(user);
  };
  const handler = auditAdminActions(inner, { audit, now: () => NOW, readTarget, onError: (error, action) => errors.push({ error, action }), ...overrides });
  const call = async (method: string, path: string, body: Record<string, unknown> = {}, actor: AdminRequest['actor'] = { keyId: 'master', userId: undefined }) =>
    handler({ method, path, query: new URLSearchParams(), body, actor, clientIp: '10.1.2.3' });
  const entries = async () => (await audit.scan(0, 100)).map(({ prevHash: _prevHash, hash: _hash, ...entry }) => entry);
  return { audit, call, entries, errors, identities };
}

describe('auditAdminActions', () => {
  it('logs each change to keys and teams with actor, target, before/after and source, secrets redacted', async () => {
    const { audit, call, entries } = setup();
    await call('POST', '/teams', { id: 'ml', name: 'ML' });
    const created = (await call('POST', '/keys', { name: 'app', team_id: 'ml', rpm_limit: 10 })).body as { id: string; key: string };
    await call('PATCH', `/keys/${created.id}`, { rpm_limit: 20 });
    const rotated = (await call('POST', `/keys/${created.id}/rotate`)).body as { key: string };
    await call('DELETE', `/keys/${created.id}`);
    await call('DELETE', '/teams/ml');

    const logged = await entries();
    expect(logged.map((entry) => [entry.action, entry.targetType, entry.targetId])).toEqual([
      ['team.create', 'team', 'ml'],
      ['key.create', 'key', created.id],
      ['key.update', 'key', created.id],
      ['key.rotate', 'key', created.id],
      ['key.revoke', 'key', created.id],
      ['team.delete', 'team', 'ml'],
    ]);
    expect(logged.every((entry) => entry.actor === 'master' && entry.sourceIp === '10.1.2.3' && entry.at === NOW)).toBe(true);
    const [teamCreate, keyCreate, keyUpdate, keyRotate, keyRevoke, teamDelete] = logged as AuditEntryInput[];
    expect(teamCreate).toMatchObject({ before: undefined, after: { object: 'team', id: 'ml', name: 'ML' } });
    expect(keyCreate).toMatchObject({ before: undefined, after: { id: created.id, rpm_limit: 10, key: '[redacted]' } });
    expect(keyUpdate).toMatchObject({ before: { rpm_limit: 10 }, after: { rpm_limit: 20 } });
    expect(keyRotate).toMatchObject({ before: { rpm_limit: 20 }, after: { key: '[redacted]' } });
    expect(keyRevoke).toMatchObject({ before: { revoked_at: null }, after: { revoked_at: '2026-11-22T10:00:00.000Z' } });
    expect(teamDelete).toMatchObject({ before: { id: 'ml', name: 'ML' }, after: undefined });
    const text = JSON.stringify(logged);
    expect(text).not.toContain(created.key);
    expect(text).not.toContain(rotated.key);
    expect(verifyAuditChain(await audit.scan(0, 100))).toMatchObject({ ok: true, count: 6 });
  });

  it('logs a config reload with the config as target', async () => {
    const { call, entries } = setup();
    await call('POST', '/reload');
    expect(await entries()).toEqual([
      { seq: 1, at: NOW, actor: 'master', action: 'config.reload', targetType: 'config', targetId: undefined, before: undefined, after: { reloaded: true, version: 2, source: 'switchyard.yaml' }, sourceIp: '10.1.2.3' },
    ]);
  });

  it('names the actor: an admin key, an admin JWT user, the master key, or nobody with auth off', async () => {
    const { call, entries } = setup();
    await call('POST', '/teams', { id: 'a', name: 'A' }, { keyId: 'key_admin', userId: 'alice' });
    await call('POST', '/teams', { id: 'b', name: 'B' }, { keyId: undefined, userId: 'alice' });
    await call('POST', '/teams', { id: 'c', name: 'C' });
    await call('POST', '/teams', { id: 'd', name: 'D' }, { keyId: undefined, userId: undefined });
    expect((await entries()).map((entry) => entry.actor)).toEqual(['key:key_admin', 'user:alice', 'master', 'anonymous']);
  });

  it('logs neither reads nor failed calls, and failed calls still fail', async () => {
    const { call, entries } = setup();
    await call('POST', '/users', { id: 'alice' });
    await call('GET', '/users');
    await call('GET', '/users/alice');
    await expect(call('PATCH', '/keys/missing', { rpm_limit: 1 })).rejects.toMatchObject({ status: 404 });
    await expect(call('POST', '/keys', { name: 'x', team_id: 'ghost' })).rejects.toMatchObject({ status: 400 });
    expect((await entries()).map((entry) => entry.action)).toEqual(['user.create']);
  });

  it('reports a failed read of the target only for a call that succeeded', async () => {
    const { call, entries, errors } = setup({
      readTarget: async () => {
        throw new Error('store down');
      },
    });
    await expect(call('PATCH', '/teams/ghost', { name: 'x' })).rejects.toMatchObject({ status: 404 });
    expect(errors).toEqual([]);
    await call('POST', '/teams', { id: 'ml', name: 'ML' });
    await call('PATCH', '/teams/ml', { name: 'Machine learning' });
    expect((await entries())[1]).toMatchObject({ action: 'team.update', before: undefined, after: { name: 'Machine learning' } });
    expect(errors).toEqual([{ error: new Error('store down'), action: 'team.update' }]);
  });

  it('does not log a call answered with an error status', async () => {
    const audit = new MemoryAuditLogStore();
    const refusing = auditAdminActions(async () => ({ status: 400, body: { error: { message: 'config refused' } } }), { audit, now: () => NOW, readTarget: async () => undefined, onError: () => {} });
    const response = await refusing({ method: 'POST', path: '/reload', query: new URLSearchParams(), body: {}, actor: { keyId: undefined, userId: undefined }, clientIp: undefined });
    expect(response.status).toBe(400);
    expect(await audit.scan(0, 10)).toEqual([]);
  });

  it('answers the call when the audit append fails, and reports the failure', async () => {
    const broken: AuditLogStore = {
      append: async (): Promise<AuditEntry> => {
        throw new Error('disk full');
      },
      list: async () => [],
      scan: async () => [],
    };
    const { call, errors, identities } = setup({ audit: broken });
    const response = await call('POST', '/teams', { id: 'ml', name: 'ML' });
    expect(response.status).toBe(201);
    expect(await identities.teams.get('ml')).toMatchObject({ name: 'ML' });
    expect(errors).toEqual([{ error: new Error('disk full'), action: 'team.create' }]);
  });
});

describe('redactSecrets', () => {
  it('replaces every secret-named field at any depth, whatever its case, and nothing else', () => {
    const value = {
      name: 'app',
      key: 'sk-sy-secret',
      key_prefix: 'sk-sy-abc…',
      providers: [{ api_key: 'sk-openai', base_url: 'https://api.example' }, { auth: { Client_Secret: 's', token: 't', hash: 'h' } }],
      nested: { password: 'p', master_key: 'm', secret: null, budget: 5 },
    };
    expect(redactSecrets(value)).toEqual({
      name: 'app',
      key: '[redacted]',
      key_prefix: 'sk-sy-abc…',
      providers: [{ api_key: '[redacted]', base_url: 'https://api.example' }, { auth: { Client_Secret: '[redacted]', token: '[redacted]', hash: '[redacted]' } }],
      nested: { password: '[redacted]', master_key: '[redacted]', secret: '[redacted]', budget: 5 },
    });
    expect(value.key).toBe('sk-sy-secret');
    expect(redactSecrets(undefined)).toBeUndefined();
    expect(redactSecrets('key')).toBe('key');
  });
});
