import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { auditLogStoreContract, makeAuditInput, verifyStoredChain } from '../contract/audit-log-store.contract.js';
import { openSqliteDatabase } from './open-sqlite-database.js';
import { SqliteAuditLogStore } from './sqlite-audit-log-store.js';

auditLogStoreContract('sqlite', () => new SqliteAuditLogStore(openSqliteDatabase(':memory:')));

const temporaryFile = () => join(mkdtempSync(join(tmpdir(), 'switchyard-audit-')), 'audit.db');

describe('sqlite audit log shared by several connections', () => {
  it('keeps one chain when two connections to the same file interleave appends', async () => {
    const path = temporaryFile();
    const [first, second] = [openSqliteDatabase(path), openSqliteDatabase(path)];
    const stores = [new SqliteAuditLogStore(first), new SqliteAuditLogStore(second)];
    for (let index = 0; index < 20; index += 1) await stores[index % 2]!.append(makeAuditInput({ at: index, actor: `key:conn${index % 2}` }));
    await Promise.all(Array.from({ length: 30 }, (_, index) => stores[index % 2]!.append(makeAuditInput({ at: 100 + index }))));
    const entries = await stores[0]!.scan(0, 100);
    expect(entries.map((entry) => entry.seq)).toEqual(Array.from({ length: 50 }, (_, index) => index + 1));
    expect(entries.slice(0, 4).map((entry) => entry.actor)).toEqual(['key:conn0', 'key:conn1', 'key:conn0', 'key:conn1']);
    expect(await verifyStoredChain(stores[1]!)).toMatchObject({ ok: true, count: 50, head: { seq: 50 } });
    first.close();
    second.close();
  });

  it('waits for another connection holding the write lock instead of chaining onto a stale head', async () => {
    const path = temporaryFile();
    const [first, second] = [openSqliteDatabase(path), openSqliteDatabase(path)];
    const store = new SqliteAuditLogStore(first);
    await store.append(makeAuditInput({ at: 1 }));
    first.pragma('busy_timeout = 20');
    second.exec('BEGIN IMMEDIATE');
    await expect(store.append(makeAuditInput({ at: 2 }))).rejects.toMatchObject({ code: 'SQLITE_BUSY' });
    second.exec('COMMIT');
    expect(await store.append(makeAuditInput({ at: 3 }))).toMatchObject({ seq: 2 });
    expect(await verifyStoredChain(store)).toMatchObject({ ok: true, count: 2 });
    first.close();
    second.close();
  });

  it('keeps one chain when three processes append to the same file at once', async () => {
    const path = temporaryFile();
    openSqliteDatabase(path).close();
    // A child runs this module through vite-node (vitest's own TypeScript runner).
    const child = join(mkdtempSync(join(tmpdir(), 'switchyard-audit-child-')), 'append.ts');
    writeFileSync(child, `
      import { openSqliteDatabase } from ${JSON.stringify(fileURLToPath(new URL('./open-sqlite-database.ts', import.meta.url)))};
      import { SqliteAuditLogStore } from ${JSON.stringify(fileURLToPath(new URL('./sqlite-audit-log-store.ts', import.meta.url)))};
      const [path, name, startAt] = process.argv.slice(2);
      const store = new SqliteAuditLogStore(openSqliteDatabase(path));
      // Start together, so the appends really overlap rather than run one process after another.
      await new Promise((resolve) => setTimeout(resolve, Number(startAt) - Date.now()));
      for (let index = 0; index < 400; index += 1) {
        await store.append({ at: index, actor: name, action: 'team.update', targetType: 'team', targetId: 't', before: { index }, after: undefined, sourceIp: undefined });
      }
    `);
    const runner = createRequire(import.meta.url).resolve('vite-node/vite-node.mjs');
    const run = promisify(execFile);
    const startAt = String(Date.now() + 1_500);
    await Promise.all(['a', 'b', 'c'].map((name) => run(process.execPath, [runner, child, path, name, startAt])));
    const database = openSqliteDatabase(path);
    const store = new SqliteAuditLogStore(database);
    expect(await verifyStoredChain(store, 100)).toMatchObject({ ok: true, count: 1200, head: { seq: 1200 } });
    expect(new Set((await store.scan(0, 1200)).map((entry) => entry.actor))).toEqual(new Set(['a', 'b', 'c']));
    database.close();
  }, 30_000);
});
