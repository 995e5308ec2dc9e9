import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { ConfigError, findConfigFile, loadConfig } from '../config/index.js';
import { verifyAuditChain } from '../core/verify-audit-chain.js';
import type { AuditChainHead } from '../core/verify-audit-chain.js';
import { SqliteAuditLogStore } from '../storage/sqlite/sqlite-audit-log-store.js';

const USAGE = `Usage: switchyard audit verify [--config FILE] [--database sqlite:PATH]

Checks the hash chain of the admin audit log: every row's hash, every link to the row
before, and that no row is missing from the sequence. Exits 0 when intact, 1 when not
(naming the first bad row). Reads the database file directly; the gateway may be running.
Rows cut from the newest end leave a shorter chain that still verifies: compare the head
printed with one recorded earlier (a previous run, a log) to rule that out.

  --database sqlite:PATH  the database (default: storage.database of the config)
  --config FILE           config file (default: $SWITCHYARD_CONFIG, ./switchyard.yaml, built-in defaults)
`;

// Rows read per query: bounded memory whatever the length of the chain.
const PAGE_SIZE = 1000;

class AuditCommandError extends Error {}

function databasePath(flags: { config?: string; database?: string }, env: NodeJS.ProcessEnv, cwd: string): string {
  let spec = flags.database;
  if (spec === undefined) {
    try {
      spec = loadConfig(findConfigFile(flags.config, env, cwd), { env, version: 1, now: Date.now() }).storage.database;
    } catch (error) {
      throw new AuditCommandError(error instanceof ConfigError ? error.message : `cannot load config: ${(error as Error).message}`);
    }
  }
  if (!spec.startsWith('sqlite:')) throw new AuditCommandError(`--database: audit verify reads a "sqlite:PATH" database, got "${spec.split(':')[0]}:..."`);
  const path = spec.slice('sqlite:'.length);
  if (path === ':memory:' || path === '') throw new AuditCommandError('the database is in memory: there is no audit log on disk to verify');
  return resolve(cwd, path);
}

async function verifyFile(path: string): Promise<{ ok: true; count: number; head: AuditChainHead | undefined } | { ok: false; seq: number; reason: string }> {
  let database: Database.Database;
  try {
    // Read-only, and never created: a mistyped path must not verify as an empty chain.
    database = new Database(path, { readonly: true, fileMustExist: true });
  } catch (error) {
    throw new AuditCommandError(`cannot open ${path}: ${(error as Error).message}`);
  }
  try {
    let store: SqliteAuditLogStore;
    try {
      store = new SqliteAuditLogStore(database);
    } catch (error) {
      throw new AuditCommandError(`${path} has no audit log (${(error as Error).message}); start the gateway on it once to migrate it`);
    }
    let count = 0;
    let head: AuditChainHead | undefined;
    for (;;) {
      const page = await store.scan(head?.seq ?? 0, PAGE_SIZE);
      if (page.length === 0) return { ok: true, count, head };
      const verdict = verifyAuditChain(page, head);
      if (!verdict.ok) return verdict;
      count += verdict.count;
      head = verdict.head;
    }
  } finally {
    database.close();
  }
}

/**
 * Runs `switchyard audit verify ...` (argv after `audit`); resolves with the exit code:
 * 0 when the chain is intact, 1 when it is broken or cannot be read.
 */
export async function runAuditCommand(argv: readonly string[], env: NodeJS.ProcessEnv, output: { stdout(text: string): void; stderr(text: string): void }, cwd = process.cwd()): Promise<number> {
  const [action, ...rest] = argv;
  if (action === undefined || action === '--help' || action === '-h') {
    (action === undefined ? output.stderr : output.stdout)(action === undefined ? `switchyard: missing action after "audit"\n\n${USAGE}` : USAGE);
    return action === undefined ? 1 : 0;
  }
  if (action !== 'verify') {
    output.stderr(`switchyard: unknown action "audit ${action}"\n\n${USAGE}`);
    return 1;
  }
  try {
    let flags;
    try {
      flags = parseArgs({ args: [...rest], options: { config: { type: 'string' }, database: { type: 'string' }, help: { type: 'boolean', short: 'h' } }, strict: true, allowPositionals: false }).values;
    } catch (error) {
      throw new AuditCommandError(`${(error as Error).message} (see "switchyard audit --help")`);
    }
    if (flags.help) {
      output.stdout(USAGE);
      return 0;
    }
    const verdict = await verifyFile(databasePath(flags, env, cwd));
    if (!verdict.ok) {
      output.stdout(`audit chain BROKEN at row ${verdict.seq}: ${verdict.reason}\n`);
      return 1;
    }
    output.stdout(verdict.head === undefined ? 'audit chain OK: 0 entries\n' : `audit chain OK: ${verdict.count} entries, head ${verdict.head.seq} ${verdict.head.hash}\n`);
    return 0;
  } catch (error) {
    output.stderr(`switchyard: ${error instanceof AuditCommandError ? '' : 'cannot verify the audit log: '}${(error as Error).message}\n`);
    return 1;
  }
}
