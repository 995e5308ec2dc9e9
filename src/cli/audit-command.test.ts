import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openSqliteDatabase } from '../storage/sqlite/open-sqlite-database.js';
import { SqliteAuditLogStore } from '../storage/sqlite/sqlite-audit-log-store.js';
import { runAuditCommand } from './audit-command.js';
import { isAdminCommand, runAdminCommand } from './run-admin-command.js';

/** A database file in a fresh directory holding `entries` audit rows. */
async function databaseWith(entries: number): Promise<{ directory: string; path: string; heads: string[] }> {
  const directory = mkdtempSync(join(tmpdir(), 'switchyard-audit-cli-'));
  const path = join(directory, 'data', 'switchyard.db');
  const database = openSqliteDatabase(path);
  const store = new SqliteAuditLogStore(database);
  const heads: string[] = [];
  for (let index = 1; index <= entries; index += 1) {
    const entry = await store.append({ at: 1_000 * index, actor: 'master', action: 'key.update', targetType: 'key', targetId: 'key_1', before: { rpm_limit: index }, after: { rpm_limit: index + 1 }, sourceIp: '127.0.0.1' });
    heads.push(entry.hash);
  }
  database.close();
  return { directory, path, heads };
}

async function run(args: string[], cwd = tmpdir(), env: NodeJS.ProcessEnv = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runAuditCommand(args, env, { stdout: (text) => void (stdout += text), stderr: (text) => void (stderr += text) }, cwd);
  return { code, stdout, stderr };
}

const rawEdit = (path: string, sql: string, ...values: unknown[]) => {
  const database = new Database(path);
  database.prepare(sql).run(...values);
  database.close();
};

describe('switchyard audit verify', () => {
  it('accepts an intact chain and prints its length and head', async () => {
    const { path, heads } = await databaseWith(5);
    expect(await run(['verify', '--database', `sqlite:${path}`])).toEqual({ code: 0, stdout: `audit chain OK: 5 entries, head 5 ${heads[4]}\n`, stderr: '' });
  });

  it('fails and names the row edited by hand, and the row after one deleted from the middle', async () => {
    const { path } = await databaseWith(5);
    rawEdit(path, 'UPDATE audit_log SET after = ? WHERE seq = 3', '{"rpm_limit":9999}');
    expect(await run(['verify', '--database', `sqlite:${path}`])).toMatchObject({ code: 1, stdout: 'audit chain BROKEN at row 3: hash mismatch: row edited\n' });

    const { path: other } = await databaseWith(5);
    rawEdit(other, 'DELETE FROM audit_log WHERE seq = 3');
    expect(await run(['verify', '--database', `sqlite:${other}`])).toMatchObject({ code: 1, stdout: 'audit chain BROKEN at row 4: seq gap: row 3 missing\n' });
  });

  it('names a row whose before was overwritten with text that is not JSON', async () => {
    const { path } = await databaseWith(3);
    rawEdit(path, 'UPDATE audit_log SET before = ? WHERE seq = 2', 'not json');
    expect(await run(['verify', '--database', `sqlite:${path}`])).toMatchObject({ code: 1, stdout: 'audit chain BROKEN at row 2: hash mismatch: row edited\n' });
  });

  it('verifies a chain longer than one page', async () => {
    const { path, heads } = await databaseWith(2_345);
    expect(await run(['verify', '--database', `sqlite:${path}`])).toMatchObject({ code: 0, stdout: `audit chain OK: 2345 entries, head 2345 ${heads.at(-1)}\n` });
  }, 20_000);

  it('accepts an empty chain', async () => {
    const { path } = await databaseWith(0);
    expect(await run(['verify', '--database', `sqlite:${path}`])).toMatchObject({ code: 0, stdout: 'audit chain OK: 0 entries\n' });
  });

  it('finds the database in the config file, a relative path read from the working directory', async () => {
    const { directory, heads } = await databaseWith(2);
    const config = join(directory, 'gateway.yaml');
    writeFileSync(config, 'storage:\n  database: "sqlite:data/switchyard.db"\n');
    expect(await run(['verify', '--config', config], directory)).toMatchObject({ code: 0, stdout: `audit chain OK: 2 entries, head 2 ${heads[1]}\n` });
    expect(await run(['verify'], directory, { SWITCHYARD_CONFIG: 'gateway.yaml' })).toMatchObject({ code: 0 });
    expect(await run(['verify', '--database', 'sqlite:data/switchyard.db'], directory)).toMatchObject({ code: 0 });
  });

  it('refuses a missing file without creating it, a file without an audit log, and non-SQLite databases', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'switchyard-audit-cli-'));
    const missing = join(directory, 'typo.db');
    expect(await run(['verify', '--database', `sqlite:${missing}`])).toMatchObject({ code: 1, stderr: expect.stringContaining(`cannot open ${missing}`) });
    expect(existsSync(missing)).toBe(false);

    const bare = join(directory, 'bare.db');
    new Database(bare).close();
    expect(await run(['verify', '--database', `sqlite:${bare}`])).toMatchObject({ code: 1, stderr: expect.stringContaining('has no audit log') });

    expect(await run(['verify', '--database', 'postgres://db/switchyard'])).toMatchObject({ code: 1, stderr: expect.stringContaining('reads a "sqlite:PATH" database') });
    expect(await run(['verify', '--database', 'sqlite::memory:'])).toMatchObject({ code: 1, stderr: expect.stringContaining('in memory') });
    mkdirSync(join(directory, 'bad'));
    writeFileSync(join(directory, 'bad', 'switchyard.yaml'), 'storage: { database: 42 }\n');
    expect(await run(['verify'], join(directory, 'bad'))).toMatchObject({ code: 1, stderr: expect.stringContaining('switchyard: ') });
  });

  it('explains its usage, and refuses unknown actions and flags', async () => {
    expect(await run(['--help'])).toMatchObject({ code: 0, stdout: expect.stringContaining('Usage: switchyard audit verify') });
    expect(await run(['verify', '--help'])).toMatchObject({ code: 0, stdout: expect.stringContaining('--database sqlite:PATH') });
    expect(await run([])).toMatchObject({ code: 1, stderr: expect.stringContaining('missing action after "audit"') });
    expect(await run(['repair'])).toMatchObject({ code: 1, stderr: expect.stringContaining('unknown action "audit repair"') });
    expect(await run(['verify', '--force'])).toMatchObject({ code: 1, stderr: expect.stringContaining("Unknown option '--force'") });
  });

  it('is reached through the admin command runner that main.ts calls', async () => {
    const { path } = await databaseWith(1);
    expect(isAdminCommand('audit')).toBe(true);
    let stdout = '';
    const code = await runAdminCommand(['audit', 'verify', '--database', `sqlite:${path}`], {}, { stdout: (text) => void (stdout += text), stderr: () => {} });
    expect(code).toBe(0);
    expect(stdout).toMatch(/^audit chain OK: 1 entries, head 1 [0-9a-f]{64}\n$/);
  });
});
