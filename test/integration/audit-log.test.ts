import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MASTER_KEY } from './support/gateway-config.js';
import { MAIN, startGateway } from './support/start-gateway.js';
import type { RunningGateway } from './support/start-gateway.js';

const run = promisify(execFile);
const directory = mkdtempSync(join(tmpdir(), 'switchyard-audit-'));
const databasePath = join(directory, 'switchyard.db');
let gateway: RunningGateway | undefined;

const admin = async (method: string, path: string, body?: unknown) => {
  const response = await fetch(`${gateway!.url}/admin${path}`, {
    method,
    headers: { authorization: `Bearer ${MASTER_KEY}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
};

/** `switchyard audit verify`: exit code and everything printed. */
async function verify(): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [MAIN, 'audit', 'verify', '--database', `sqlite:${databasePath}`], { env: { PATH: process.env.PATH ?? '' } });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, output: failed.stdout + failed.stderr };
  }
}

beforeAll(async () => {
  gateway = await startGateway(`
auth: { master_key: ${MASTER_KEY} }
storage: { database: "sqlite:${databasePath}" }
providers: { demo: { type: mock } }
models: { echo: { targets: [{ provider: demo, model: mock-echo }] } }
`);
});

afterAll(async () => {
  await gateway?.stop();
});

interface AuditRow {
  seq: number;
  actor: string;
  action: string;
  target_type: string;
  target_id: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  source_ip: string | null;
  hash: string;
  prev_hash: string;
}

describe('audit log', () => {
  it('records every admin action with actor, target, before/after (secrets redacted) and source', async () => {
    expect((await admin('POST', '/teams', { id: 'audited', name: 'Audited team' })).status).toBe(201);
    const created = await admin('POST', '/keys', { name: 'audited key', team_id: 'audited', rpm_limit: 10 });
    const keyId = created.body.id as string;
    const secret = created.body.key as string;
    await admin('PATCH', `/keys/${keyId}`, { rpm_limit: 20 });
    const rotated = await admin('POST', `/keys/${keyId}/rotate`);
    await admin('DELETE', `/keys/${keyId}`);
    await admin('GET', '/keys');
    await admin('PATCH', '/keys/missing', { rpm_limit: 1 });

    const listed = await admin('GET', '/audit?limit=10');
    expect(listed.status).toBe(200);
    const rows = listed.body.data as AuditRow[];
    expect(rows.map((row) => row.action)).toEqual(['key.revoke', 'key.rotate', 'key.update', 'key.create', 'team.create']);
    expect(rows.every((row) => row.actor === 'master' && row.source_ip === '127.0.0.1')).toBe(true);
    const update = rows.find((row) => row.action === 'key.update')!;
    expect(update).toMatchObject({ target_type: 'key', target_id: keyId });
    expect(update.before).toMatchObject({ rpm_limit: 10 });
    expect(update.after).toMatchObject({ rpm_limit: 20 });
    const text = JSON.stringify(rows);
    expect(text).not.toContain(secret);
    expect(text).not.toContain(rotated.body.key as string);
    expect(rows[0]!.prev_hash).toBe(rows[1]!.hash);

    const filtered = await admin('GET', `/audit?action=key.update`);
    expect((filtered.body.data as AuditRow[]).map((row) => row.seq)).toEqual([update.seq]);
  });

  it('records config reloads, from the admin API and from SIGHUP', async () => {
    expect((await admin('POST', '/reload')).status).toBe(200);
    gateway!.process.kill('SIGHUP');
    let rows: AuditRow[] = [];
    await expect.poll(async () => (rows = (await admin('GET', '/audit?action=config.reload')).body.data as AuditRow[]).length, { timeout: 3000 }).toBe(2);
    expect(rows.map((row) => row.actor)).toEqual(['signal:SIGHUP', 'master']);
    expect(rows[1]).toMatchObject({ target_type: 'config', after: { version: 2 } });
    expect(rows[0]).toMatchObject({ target_type: 'config', before: { version: 2 }, after: { version: 3 } });
  });

  it('`switchyard audit verify` accepts the chain and names the row that was edited or deleted', async () => {
    const stopped = gateway!;
    gateway = undefined;
    await stopped.stop();
    const intact = await verify();
    expect(intact.code).toBe(0);
    expect(intact.output).toMatch(/audit chain OK: 7 entries/);
    // The head is anchored in the process log too.
    const head = /"message":"audit head at shutdown","seq":7,"hash":"([0-9a-f]{64})"/.exec(stopped.stderr());
    expect(head).not.toBeNull();
    expect(intact.output).toContain(head![1]);

    const database = new Database(databasePath);
    const original = database.prepare('SELECT after FROM audit_log WHERE seq = 3').get() as { after: string };
    database.prepare('UPDATE audit_log SET after = ? WHERE seq = 3').run(original.after.replace('20', '2000'));
    const edited = await verify();
    expect(edited.code).toBe(1);
    expect(edited.output).toMatch(/audit chain BROKEN at row 3/);

    database.prepare('UPDATE audit_log SET after = ? WHERE seq = 3').run(original.after);
    database.prepare('DELETE FROM audit_log WHERE seq = 2').run();
    database.close();
    const deleted = await verify();
    expect(deleted.code).toBe(1);
    expect(deleted.output).toMatch(/audit chain BROKEN at row (2|3)/);
  });
});
