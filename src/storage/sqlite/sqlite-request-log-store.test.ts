import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeRecord, requestLogStoreContract } from '../contract/request-log-store.contract.js';
import { createSqliteStorage } from './index.js';
import { SQLITE_MIGRATIONS } from './migrations.js';
import { openSqliteDatabase } from './open-sqlite-database.js';
import { SqliteRequestLogStore } from './sqlite-request-log-store.js';

requestLogStoreContract('sqlite', () => new SqliteRequestLogStore(openSqliteDatabase(':memory:')));

describe('sqlite batches', () => {
  it('writes batches larger than one multi-row statement, remainder included, every field intact', async () => {
    const store = new SqliteRequestLogStore(openSqliteDatabase(':memory:'));
    const records = Array.from({ length: 70 }, (_, index) => makeRecord({ requestId: `req_${index}`, createdAt: 1_000 + index, inputTokens: index }));
    await store.append(records);
    const rows = await store.query({ limit: 100 });
    expect(rows).toHaveLength(70);
    expect(rows.map((row) => row.inputTokens).sort((a, b) => (a ?? 0) - (b ?? 0))).toEqual(records.map((record) => record.inputTokens));
    expect(await store.get('req_69')).toEqual(records[69]);
  });
});

describe('sqlite storage file', () => {
  it('uses WAL, migrates once, and keeps rows across reopen', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'switchyard-')), 'nested', 'log.db');
    const first = createSqliteStorage(path);
    await first.requestLog.append([makeRecord()]);
    await first.close();
    const database = openSqliteDatabase(path);
    expect(database.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(database.prepare('SELECT count(*) AS n FROM schema_migrations').get()).toEqual({ n: SQLITE_MIGRATIONS.length });
    database.close();
    const second = createSqliteStorage(path);
    expect(await second.requestLog.get('req_1')).toMatchObject({ requestId: 'req_1', costMicros: 75 });
    await second.close();
  });
});
