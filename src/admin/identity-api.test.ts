import { describe, expect, it } from 'vitest';
import { hashKeySecret } from '../auth/index.js';
import { MemoryIdentityStore } from '../storage/memory/index.js';
import type { AdminRequest } from './admin-request.js';
import { handleIdentities } from './identity-api.js';

function setup() {
  const identities = new MemoryIdentityStore();
  let changes = 0;
  const deps = { identities, now: () => Date.parse('2026-11-22T10:00:00Z'), changed: async () => void (changes += 1) };
  const call = (area: 'keys' | 'teams' | 'users', method: string, body: Record<string, unknown> = {}, id?: string, action?: string) => {
    const request: AdminRequest = { method, path: '', query: new URLSearchParams(), body, actor: { keyId: 'master', userId: undefined }, clientIp: undefined };
    return handleIdentities(area, request, id, action, deps);
  };
  return { identities, call, changes: () => changes };
}

describe('admin identities API', () => {
  it('creates a key with its secret once, stores only its hash, and converts USD to micro-dollars', async () => {
    const { identities, call } = setup();
    const created = await call('keys', 'POST', { name: 'app', budget_usd: 1.25, budget_period: 'daily', models: ['gpt-4o*'] });
    const body = created.body as { id: string; key: string; budget_usd: number; key_prefix: string };
    expect(created.status).toBe(201);
    expect(body.key).toMatch(/^sk-sy-/);
    expect(body.key_prefix).toBe(`${body.key.slice(0, 12)}…`);
    const stored = await identities.keys.get(body.id);
    expect(stored).toMatchObject({ hash: hashKeySecret(body.key), budgetMicros: 1_250_000, budgetPeriod: 'daily', models: ['gpt-4o*'] });
    expect(JSON.stringify((await call('keys', 'GET', {}, body.id)).body)).not.toContain(body.key);
  });

  it('clears a field with null in a PATCH and announces the change', async () => {
    const { call, changes } = setup();
    const { id } = (await call('keys', 'POST', { name: 'app', rpm_limit: 5 })).body as { id: string };
    const patched = await call('keys', 'PATCH', { rpm_limit: null, tpm_limit: 100 }, id);
    expect(patched.body).toMatchObject({ rpm_limit: null, tpm_limit: 100 });
    expect(changes()).toBe(1);
  });

  it('refuses unknown fields, bad CIDRs and owners that do not exist, naming the field', async () => {
    const { call } = setup();
    await expect(call('keys', 'POST', { name: 'x', rpm: 5 })).rejects.toMatchObject({ status: 400, message: expect.stringContaining('unknown field "rpm"') });
    await expect(call('keys', 'POST', { name: 'x', ip_deny: ['10.0.0.0/40'] })).rejects.toMatchObject({ status: 400, param: 'ip_deny', message: expect.stringContaining('10.0.0.0/40') });
    await expect(call('keys', 'POST', { name: 'x', team_id: 'ghost' })).rejects.toMatchObject({ status: 400, param: 'team_id' });
  });

  it('will not delete a team or user that active keys still belong to', async () => {
    const { call } = setup();
    await call('teams', 'POST', { id: 'ml', name: 'ML' });
    await call('users', 'POST', { id: 'alice', team_id: 'ml' });
    const { id } = (await call('keys', 'POST', { name: 'k', user_id: 'alice' })).body as { id: string };
    await expect(call('users', 'DELETE', {}, 'alice')).rejects.toMatchObject({ status: 400, message: expect.stringContaining('1 active key(s)') });
    await expect(call('teams', 'DELETE', {}, 'ml')).rejects.toMatchObject({ status: 400, message: expect.stringContaining('users') });
    await call('keys', 'DELETE', {}, id);
    expect((await call('users', 'DELETE', {}, 'alice')).body).toEqual({ object: 'user', id: 'alice', deleted: true });
    expect((await call('teams', 'DELETE', {}, 'ml')).status).toBe(200);
  });

  it('rotates a key to a new secret under the same id, and refuses to rotate a revoked one', async () => {
    const { identities, call } = setup();
    const { id, key } = (await call('keys', 'POST', { name: 'k' })).body as { id: string; key: string };
    const rotated = (await call('keys', 'POST', {}, id, 'rotate')).body as { id: string; key: string };
    expect(rotated.id).toBe(id);
    expect(rotated.key).not.toBe(key);
    expect(await identities.keys.findByHash(hashKeySecret(key))).toBeUndefined();
    await call('keys', 'DELETE', {}, id);
    await expect(call('keys', 'POST', {}, id, 'rotate')).rejects.toMatchObject({ status: 400 });
  });
});
