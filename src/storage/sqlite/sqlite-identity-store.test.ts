import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { identityStoreContract, makeKeyRecord, makeTeamRecord, makeUserRecord } from '../contract/identity-store.contract.js';
import { createSqliteStorage } from './index.js';
import { SQLITE_MIGRATIONS } from './migrations.js';
import { openSqliteDatabase, type SqliteDatabase } from './open-sqlite-database.js';
import { SqliteIdentityStore } from './sqlite-identity-store.js';

const directory = mkdtempSync(join(tmpdir(), 'switchyard-identities-'));
const opened: SqliteDatabase[] = [];
let files = 0;
afterAll(() => {
  for (const database of opened) database.close();
});

identityStoreContract('sqlite :memory:', () => new SqliteIdentityStore(openSqliteDatabase(':memory:')));

identityStoreContract('sqlite file', () => {
  files += 1;
  const database = openSqliteDatabase(join(directory, `contract-${files}.db`));
  opened.push(database);
  return new SqliteIdentityStore(database);
});

describe('sqlite identity file', () => {
  it('keeps keys, teams and users across reopen, the hash still unique', async () => {
    const path = join(directory, 'reopen', 'gateway.db');
    const first = createSqliteStorage(path);
    const key = makeKeyRecord({ metadata: { deep: { list: [1, 'two', null] } } });
    await first.identities.keys.put(key);
    await first.identities.keys.put(makeKeyRecord({ id: 'key_2', createdAt: 500, revokedAt: undefined }));
    await first.identities.teams.put(makeTeamRecord());
    await first.identities.users.put(makeUserRecord());
    await first.close();

    const second = createSqliteStorage(path);
    expect(await second.identities.keys.findByHash(key.hash)).toEqual(key);
    expect((await second.identities.keys.list({ teamId: 'team_1' }, 10, 0)).map((record) => record.id)).toEqual(['key_2', 'key_1']);
    expect(await second.identities.teams.get('team_1')).toEqual(makeTeamRecord());
    expect(await second.identities.users.list({ teamId: 'team_1' }, 10, 0)).toEqual([makeUserRecord()]);
    await expect(second.identities.keys.put(makeKeyRecord({ id: 'key_3', hash: key.hash }))).rejects.toThrow(/hash/);
    await second.close();
  });

  it('adds the identity tables to a database made before them, its rows kept', async () => {
    const path = join(directory, 'upgrade.db');
    const old = new Database(path);
    old.exec('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)');
    for (const migration of SQLITE_MIGRATIONS.filter((candidate) => candidate.version < 4)) {
      old.exec(migration.sql);
      old.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)').run(migration.version, 0);
    }
    old.prepare("INSERT INTO responses (id, created_at, key_id, origin, messages, response) VALUES ('resp_old', 1, NULL, 'gateway', '[]', '{}')").run();
    old.close();

    const storage = createSqliteStorage(path);
    await storage.identities.keys.put(makeKeyRecord());
    expect((await storage.identities.keys.get('key_1'))?.name).toBe('ci bot');
    expect((await storage.responses.get('resp_old'))?.origin).toBe('gateway');
    await storage.close();
  });

  it('answers hash lookups and filtered lists from indexes, sorting nothing', () => {
    const database = openSqliteDatabase(':memory:');
    const plan = (sql: string): string =>
      (database.prepare(`EXPLAIN QUERY PLAN ${sql}`).all('x') as { detail: string }[]).map((row) => row.detail).join('; ');
    expect(plan('SELECT data FROM api_keys WHERE hash = ?')).toMatch(/USING INDEX sqlite_autoindex_api_keys/);
    expect(plan('SELECT data FROM api_keys WHERE team_id = ? ORDER BY created_at, id')).toMatch(/USING INDEX api_keys_team_created_at/);
    expect(plan('SELECT data FROM api_keys WHERE user_id = ? ORDER BY created_at, id')).toMatch(/USING INDEX api_keys_user_created_at/);
    expect(plan('SELECT data FROM users WHERE team_id = ? ORDER BY created_at, id')).toMatch(/USING INDEX users_team_created_at/);
    expect(plan('SELECT data FROM teams WHERE id <> ? ORDER BY created_at, id')).not.toMatch(/TEMP B-TREE/);
    database.close();
  });
});
