import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { makeRecord } from '../contract/request-log-store.contract.js';
import { createSqliteStorage } from './index.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('the SQLite storage checkpoints its WAL from a worker', () => {
  it('moves written pages into the database file without a checkpoint on the writer, and closes cleanly', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'switchyard-wal-'));
    dirs.push(dir);
    const file = path.join(dir, 'gateway.db');
    const storage = createSqliteStorage(file);
    const before = statSync(file).size;
    // ~5 MB of WAL: far below the writer's own (backstop) threshold of 256 MB.
    for (let batch = 0; batch < 50; batch++) await storage.requestLog.append(Array.from({ length: 200 }, (_, i) => makeRecord({ requestId: `req_${batch * 200 + i}` })));
    const deadline = Date.now() + 5000;
    while (statSync(file).size <= before && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(statSync(file).size).toBeGreaterThan(before);
    await storage.close();
    const reopened = new Database(file, { readonly: true });
    expect(reopened.prepare('SELECT count(*) AS n FROM request_log').get()).toEqual({ n: 10_000 });
    reopened.close();
  });
});
