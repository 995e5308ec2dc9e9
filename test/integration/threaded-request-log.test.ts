import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { RequestRecord } from '../../src/core/request-record.js';
import type { Storage } from '../../src/storage/ports.js';
import { makeRecord, requestLogStoreContract } from '../../src/storage/contract/request-log-store.contract.js';

// The writer thread runs compiled JavaScript, so this suite loads the built storage.
const built = pathToFileURL(resolve(import.meta.dirname, '../../dist/src/storage/sqlite/index.js')).href;
const { createSqliteStorage } = (await import(built)) as { createSqliteStorage: (path: string, options: { writerThread: boolean }) => Storage };

const freshPath = () => join(mkdtempSync(join(tmpdir(), 'switchyard-thread-')), 'log.db');

requestLogStoreContract('sqlite with a writer thread', () => createSqliteStorage(freshPath(), { writerThread: true }).requestLog);

describe('sqlite request log with a writer thread', () => {
  it('has every appended row readable once append resolves, across reopen', async () => {
    const path = freshPath();
    const storage = createSqliteStorage(path, { writerThread: true });
    const records: RequestRecord[] = Array.from({ length: 500 }, (_, index) => makeRecord({ requestId: `req_${index}`, createdAt: index }));
    await Promise.all([storage.requestLog.append(records.slice(0, 250)), storage.requestLog.append(records.slice(250))]);
    expect(await storage.requestLog.query({ limit: 1000 })).toHaveLength(500);
    await storage.close();
    const reopened = createSqliteStorage(path, { writerThread: false });
    expect(await reopened.requestLog.get('req_499')).toMatchObject({ requestId: 'req_499', createdAt: 499 });
    await reopened.close();
  });
});
