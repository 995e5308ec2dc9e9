import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { KeyRecord, TeamRecord, UserRecord } from '../../core/access-policy.js';
import type { IdentityStore } from '../ports.js';

const hashOf = (secret: string): string => createHash('sha256').update(secret).digest('hex');

/** A key with every field set; its hash follows its id unless given. */
export function makeKeyRecord(overrides: Partial<KeyRecord> = {}): KeyRecord {
  const id = overrides.id ?? 'key_1';
  return {
    id,
    name: 'ci bot',
    hash: hashOf(`sk-sy-secret-${id}`),
    prefix: 'sk-sy-AbC1',
    teamId: 'team_1',
    userId: 'user_1',
    role: 'user',
    priority: 2,
    queueTimeoutMs: 5_000,
    expiresAt: 9_000_000,
    createdAt: 1_000,
    updatedAt: 2_000,
    revokedAt: 3_000,
    models: ['gpt-4o', 'claude/*', 'smart'],
    rpmLimit: 60,
    tpmLimit: 100_000,
    maxParallel: 4,
    budgetMicros: 10_000_000,
    budgetPeriod: 'monthly',
    allowedRegions: ['eu'],
    ipAllow: ['10.0.0.0/8', '2001:db8::/32'],
    ipDeny: ['10.0.0.13/32'],
    metadata: { owner: 'platform', costCenter: 4711, labels: ['a', 'b'], nested: { on: true, none: null } },
    ...overrides,
  };
}

/** A team with every field set. */
export function makeTeamRecord(overrides: Partial<TeamRecord> = {}): TeamRecord {
  return {
    id: 'team_1',
    name: 'platform',
    createdAt: 1_000,
    updatedAt: 2_000,
    models: ['*'],
    rpmLimit: 600,
    tpmLimit: 1_000_000,
    maxParallel: 20,
    budgetMicros: 500_000_000,
    budgetPeriod: 'total',
    allowedRegions: ['eu', 'us'],
    ipAllow: ['192.168.0.0/16'],
    ipDeny: [],
    metadata: { slack: '#platform', tiers: [1, 2, 3] },
    ...overrides,
  };
}

/** A user with every field set. */
export function makeUserRecord(overrides: Partial<UserRecord> = {}): UserRecord {
  return {
    id: 'user_1',
    name: 'Ada',
    email: 'ada@example.com',
    teamId: 'team_1',
    createdAt: 1_000,
    updatedAt: 2_000,
    models: ['smart'],
    rpmLimit: 10,
    tpmLimit: 20_000,
    maxParallel: 1,
    budgetMicros: 1_000_000,
    budgetPeriod: 'daily',
    allowedRegions: ['eu'],
    ipAllow: ['203.0.113.0/24'],
    ipDeny: ['203.0.113.7/32'],
    metadata: { sso: { subject: 'okta|123' } },
    ...overrides,
  };
}

const ids = (records: readonly { id: string }[]): string[] => records.map((record) => record.id);

/**
 * The behaviour every IdentityStore backend must show. Records come back as JSON would
 * carry them: an optional field that was undefined is absent, not present as undefined.
 * A second key with the hash of another is refused with an Error naming the hash.
 */
export function identityStoreContract(name: string, create: () => IdentityStore): void {
  describe(`${name} identity store`, () => {
    it('gives back each record type field for field, arrays and nested metadata included', async () => {
      const store = create();
      const key = makeKeyRecord();
      const team = makeTeamRecord();
      const user = makeUserRecord();
      await store.keys.put(key);
      await store.teams.put(team);
      await store.users.put(user);
      expect(await store.keys.get('key_1')).toEqual(key);
      expect(await store.teams.get('team_1')).toEqual(team);
      expect(await store.users.get('user_1')).toEqual(user);
    });

    it('leaves undefined optional fields out of what it gives back', async () => {
      const store = create();
      const bare: KeyRecord = { id: 'key_bare', name: 'bare', hash: hashOf('bare'), prefix: 'sk-sy-bare', role: 'admin', createdAt: 5, updatedAt: 5, teamId: undefined, metadata: undefined, revokedAt: undefined };
      await store.keys.put(bare);
      await store.teams.put({ id: 'team_bare', name: 'bare', createdAt: 5, updatedAt: 5, models: undefined });
      await store.users.put({ id: 'user_bare', createdAt: 5, updatedAt: 5, email: undefined, teamId: undefined, metadata: { kept: 1, dropped: undefined } });
      const key = await store.keys.get('key_bare');
      expect(key).toEqual(bare);
      expect(Object.keys(key ?? {}).sort()).toEqual(['createdAt', 'hash', 'id', 'name', 'prefix', 'role', 'updatedAt']);
      expect(Object.keys((await store.teams.get('team_bare')) ?? {}).sort()).toEqual(['createdAt', 'id', 'name', 'updatedAt']);
      expect(await store.users.get('user_bare')).toStrictEqual({ id: 'user_bare', createdAt: 5, updatedAt: 5, metadata: { kept: 1 } });
      expect(await store.keys.findByHash(bare.hash)).toStrictEqual(key);
    });

    it('shares no object with its callers', async () => {
      const store = create();
      const key = makeKeyRecord();
      await store.keys.put(key);
      key.models?.push('sneaked-in');
      const read = await store.keys.get('key_1');
      expect(read?.models).toEqual(['gpt-4o', 'claude/*', 'smart']);
      (read?.metadata as { owner: string }).owner = 'changed';
      expect((await store.keys.findByHash(key.hash))?.metadata).toMatchObject({ owner: 'platform' });
      const [listed] = await store.keys.list({}, 1, 0);
      expect(listed?.metadata).toMatchObject({ owner: 'platform' });
    });

    it('answers undefined for unknown ids and hashes', async () => {
      const store = create();
      expect(await store.keys.get('key_missing')).toBeUndefined();
      expect(await store.teams.get('team_missing')).toBeUndefined();
      expect(await store.users.get('user_missing')).toBeUndefined();
      expect(await store.keys.findByHash(hashOf('never issued'))).toBeUndefined();
    });

    it('replaces the whole record on put with a known id: dropped fields are gone', async () => {
      const store = create();
      await store.keys.put(makeKeyRecord());
      const replacement: KeyRecord = { id: 'key_1', name: 'renamed', hash: makeKeyRecord().hash, prefix: 'sk-sy-AbC1', role: 'admin', createdAt: 1_000, updatedAt: 4_000 };
      await store.keys.put(replacement);
      expect(await store.keys.get('key_1')).toStrictEqual(replacement);
      expect(await store.keys.list({}, 10, 0)).toStrictEqual([replacement]);
      await store.teams.put(makeTeamRecord());
      await store.teams.put(makeTeamRecord({ name: 'renamed', rpmLimit: undefined }));
      expect(await store.teams.get('team_1')).toEqual(makeTeamRecord({ name: 'renamed', rpmLimit: undefined }));
      await store.users.put(makeUserRecord());
      await store.users.put(makeUserRecord({ teamId: 'team_2' }));
      expect(await store.users.list({ teamId: 'team_1' }, 10, 0)).toEqual([]);
      expect(ids(await store.users.list({ teamId: 'team_2' }, 10, 0))).toEqual(['user_1']);
    });

    it('deletes, answering whether the record existed', async () => {
      const store = create();
      const key = makeKeyRecord();
      await store.keys.put(key);
      await store.teams.put(makeTeamRecord());
      await store.users.put(makeUserRecord());
      expect(await store.keys.delete('key_1')).toBe(true);
      expect(await store.keys.delete('key_1')).toBe(false);
      expect(await store.keys.get('key_1')).toBeUndefined();
      expect(await store.keys.findByHash(key.hash)).toBeUndefined();
      expect(await store.teams.delete('team_1')).toBe(true);
      expect(await store.teams.delete('team_missing')).toBe(false);
      expect(await store.users.delete('user_1')).toBe(true);
      expect(await store.users.get('user_1')).toBeUndefined();
    });

    it('keeps the tables apart: one id may name a key, a team and a user', async () => {
      const store = create();
      await store.keys.put(makeKeyRecord({ id: 'same' }));
      await store.teams.put(makeTeamRecord({ id: 'same' }));
      await store.users.put(makeUserRecord({ id: 'same' }));
      expect(await store.teams.delete('same')).toBe(true);
      expect((await store.keys.get('same'))?.name).toBe('ci bot');
      expect((await store.users.get('same'))?.name).toBe('Ada');
    });

    describe('keys by hash', () => {
      it('finds a key by its hash, revoked or not', async () => {
        const store = create();
        const live = makeKeyRecord({ id: 'key_live', revokedAt: undefined });
        const revoked = makeKeyRecord({ id: 'key_revoked', revokedAt: 7_000 });
        await store.keys.put(live);
        await store.keys.put(revoked);
        expect(await store.keys.findByHash(live.hash)).toEqual(live);
        expect(await store.keys.findByHash(revoked.hash)).toEqual(revoked);
      });

      it('follows a key whose hash changed in place (a rotation), freeing the old hash', async () => {
        const store = create();
        const before = makeKeyRecord();
        const after = makeKeyRecord({ hash: hashOf('rotated'), updatedAt: 9_000 });
        await store.keys.put(before);
        await store.keys.put(after);
        expect(await store.keys.findByHash(before.hash)).toBeUndefined();
        expect(await store.keys.findByHash(after.hash)).toEqual(after);
        await store.keys.put(makeKeyRecord({ id: 'key_2', hash: before.hash }));
        expect((await store.keys.findByHash(before.hash))?.id).toBe('key_2');
      });

      it('refuses a second key with a hash already in use, changing nothing', async () => {
        const store = create();
        const first = makeKeyRecord();
        await store.keys.put(first);
        await expect(store.keys.put(makeKeyRecord({ id: 'key_2', hash: first.hash }))).rejects.toThrow(/hash/);
        await store.keys.put(makeKeyRecord({ id: 'key_3' }));
        await expect(store.keys.put(makeKeyRecord({ id: 'key_3', hash: first.hash }))).rejects.toThrow(Error);
        expect(await store.keys.get('key_2')).toBeUndefined();
        expect((await store.keys.findByHash(first.hash))?.id).toBe('key_1');
        expect(await store.keys.get('key_3')).toEqual(makeKeyRecord({ id: 'key_3' }));
        expect(await store.keys.findByHash(makeKeyRecord({ id: 'key_3' }).hash)).toEqual(makeKeyRecord({ id: 'key_3' }));
      });

      it('lets a hash be reused once its key is deleted', async () => {
        const store = create();
        const first = makeKeyRecord();
        await store.keys.put(first);
        await store.keys.delete('key_1');
        await store.keys.put(makeKeyRecord({ id: 'key_2', hash: first.hash }));
        expect((await store.keys.findByHash(first.hash))?.id).toBe('key_2');
      });
    });

    describe('listing', () => {
      const seedKeys = async (store: IdentityStore): Promise<void> => {
        // Put out of order, so the order listed comes from createdAt and id, not insertion.
        await store.keys.put(makeKeyRecord({ id: 'k_d', createdAt: 3, teamId: 'team_1', userId: 'user_2' }));
        await store.keys.put(makeKeyRecord({ id: 'k_b', createdAt: 2, teamId: 'team_1', userId: 'user_1' }));
        await store.keys.put(makeKeyRecord({ id: 'k_e', createdAt: 4, teamId: undefined, userId: 'user_1' }));
        await store.keys.put(makeKeyRecord({ id: 'k_a', createdAt: 2, teamId: 'team_2', userId: undefined }));
        await store.keys.put(makeKeyRecord({ id: 'k_c', createdAt: 1, teamId: 'team_1', userId: 'user_1' }));
      };

      it('lists oldest first, ties broken by id', async () => {
        const store = create();
        await seedKeys(store);
        expect(ids(await store.keys.list({}, 10, 0))).toEqual(['k_c', 'k_a', 'k_b', 'k_d', 'k_e']);
      });

      it('filters keys by team, by user and by both; an undefined filter field filters nothing', async () => {
        const store = create();
        await seedKeys(store);
        expect(ids(await store.keys.list({ teamId: 'team_1' }, 10, 0))).toEqual(['k_c', 'k_b', 'k_d']);
        expect(ids(await store.keys.list({ userId: 'user_1' }, 10, 0))).toEqual(['k_c', 'k_b', 'k_e']);
        expect(ids(await store.keys.list({ teamId: 'team_1', userId: 'user_1' }, 10, 0))).toEqual(['k_c', 'k_b']);
        expect(ids(await store.keys.list({ teamId: 'team_1', userId: 'user_3' }, 10, 0))).toEqual([]);
        expect(ids(await store.keys.list({ teamId: undefined, userId: 'user_2' }, 10, 0))).toEqual(['k_d']);
      });

      it('pages with limit and offset', async () => {
        const store = create();
        await seedKeys(store);
        expect(ids(await store.keys.list({}, 2, 0))).toEqual(['k_c', 'k_a']);
        expect(ids(await store.keys.list({}, 2, 2))).toEqual(['k_b', 'k_d']);
        expect(ids(await store.keys.list({}, 2, 4))).toEqual(['k_e']);
        expect(ids(await store.keys.list({}, 2, 5))).toEqual([]);
        expect(ids(await store.keys.list({ teamId: 'team_1' }, 1, 1))).toEqual(['k_b']);
        expect(await store.keys.list({}, 0, 0)).toEqual([]);
      });

      it('lists teams, and users by team', async () => {
        const store = create();
        await store.teams.put(makeTeamRecord({ id: 'team_b', createdAt: 2 }));
        await store.teams.put(makeTeamRecord({ id: 'team_a', createdAt: 2 }));
        await store.teams.put(makeTeamRecord({ id: 'team_c', createdAt: 1 }));
        expect(ids(await store.teams.list({}, 10, 0))).toEqual(['team_c', 'team_a', 'team_b']);
        expect(ids(await store.teams.list({}, 1, 1))).toEqual(['team_a']);
        await store.users.put(makeUserRecord({ id: 'user_b', createdAt: 5, teamId: 'team_a' }));
        await store.users.put(makeUserRecord({ id: 'user_a', createdAt: 6, teamId: 'team_a' }));
        await store.users.put(makeUserRecord({ id: 'user_c', createdAt: 1, teamId: undefined }));
        expect(ids(await store.users.list({}, 10, 0))).toEqual(['user_c', 'user_b', 'user_a']);
        expect(ids(await store.users.list({ teamId: 'team_a' }, 10, 0))).toEqual(['user_b', 'user_a']);
        expect(ids(await store.users.list({ teamId: 'team_a' }, 10, 1))).toEqual(['user_a']);
      });

      it('refuses a negative or fractional limit or offset with a RangeError', async () => {
        const store = create();
        await expect(store.keys.list({}, -1, 0)).rejects.toThrow(RangeError);
        await expect(store.teams.list({}, 1.5, 0)).rejects.toThrow(RangeError);
        await expect(store.users.list({}, 10, -1)).rejects.toThrow(RangeError);
        await expect(store.users.list({}, Number.NaN, 0)).rejects.toThrow(RangeError);
      });
    });
  });
}
