import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportQueueContract } from '../contract/export-queue.contract.js';
import { openSqliteDatabase } from './open-sqlite-database.js';
import { SqliteExportQueue } from './sqlite-export-queue.js';

exportQueueContract('sqlite', () => new SqliteExportQueue(openSqliteDatabase(':memory:')));

describe('sqlite export queue', () => {
  it('keeps its items across closing and reopening the file', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'switchyard-queue-')), 'queue.db');
    const first = openSqliteDatabase(path);
    await new SqliteExportQueue(first).enqueue(['kept 1', 'kept 2'], 100);
    first.close();
    const second = openSqliteDatabase(path);
    const reopened = new SqliteExportQueue(second);
    expect((await reopened.peek(10)).map((entry) => entry.item)).toEqual(['kept 1', 'kept 2']);
    second.close();
  });
});
