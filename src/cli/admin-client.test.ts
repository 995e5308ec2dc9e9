import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AdminApiError, AdminClient } from './admin-client.js';
import { runAdminCommand } from './run-admin-command.js';

interface Seen {
  method: string;
  url: string;
  authorization: string | undefined;
  contentType: string | undefined;
  body: unknown;
}

interface Reply {
  status: number;
  body: unknown;
  /** Sent as is instead of JSON. */
  raw?: string;
}

const ADMIN_KEY = 'sk-admin-do-not-print';
const SECRET = 'sk-sy-NEWSECRETvalue0123456789';

let server: Server;
let baseUrl: string;
let seen: Seen[];
let replies: Reply[];

beforeAll(async () => {
  server = createServer((request, response) => {
    let text = '';
    request.on('data', (chunk: Buffer) => (text += chunk.toString()));
    request.on('end', () => {
      seen.push({ method: request.method ?? '', url: request.url ?? '', authorization: request.headers.authorization, contentType: request.headers['content-type'], body: text === '' ? undefined : JSON.parse(text) });
      const reply = replies.shift() ?? { status: 500, body: { error: { message: 'test server: no reply queued' } } };
      response.writeHead(reply.status, { 'content-type': reply.raw === undefined ? 'application/json' : 'text/html' });
      response.end(reply.raw ?? JSON.stringify(reply.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

beforeEach(() => {
  seen = [];
  replies = [];
});

async function run(argv: string[], env: NodeJS.ProcessEnv = { SWITCHYARD_URL: baseUrl, SWITCHYARD_ADMIN_KEY: ADMIN_KEY }) {
  let stdout = '';
  let stderr = '';
  const code = await runAdminCommand(argv, env, { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text) });
  expect(stdout + stderr).not.toContain(ADMIN_KEY);
  return { code, stdout, stderr };
}

const policy = { models: null, rpm_limit: null, tpm_limit: null, max_parallel: null, budget_usd: null, budget_period: null, allowed_regions: null, ip_allow: null, ip_deny: null, metadata: {} };
const keyObject = (fields: Record<string, unknown> = {}) => ({
  object: 'key',
  id: 'key_1',
  name: 'ci',
  key_prefix: 'sk-sy-NEWS',
  team_id: null,
  user_id: null,
  role: 'user',
  priority: 0,
  queue_timeout_ms: 0,
  ...policy,
  expires_at: null,
  created_at: '2026-05-01T10:00:00.000Z',
  updated_at: '2026-05-01T10:00:00.000Z',
  revoked_at: null,
  ...fields,
});

describe('switchyard keys', () => {
  it('create sends the flags as the admin API body with the admin key, and prints the secret once, last', async () => {
    replies.push({ status: 201, body: { ...keyObject({ team_id: 'team_a', rpm_limit: 60, budget_usd: 5, budget_period: 'monthly', role: 'admin' }), key: SECRET } });
    const { code, stdout, stderr } = await run(['keys', 'create', '--name', 'ci', '--team', 'team_a', '--rpm', '60', '--budget', '5', '--period', 'monthly', '--admin', '--models', 'gpt-4o,claude/*', '--expires', '2026-12-31T00:00:00Z']);
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(seen).toEqual([
      {
        method: 'POST',
        url: '/admin/keys',
        authorization: `Bearer ${ADMIN_KEY}`,
        contentType: 'application/json',
        body: { name: 'ci', team_id: 'team_a', rpm_limit: 60, budget_usd: 5, budget_period: 'monthly', role: 'admin', models: ['gpt-4o', 'claude/*'], expires_at: '2026-12-31T00:00:00.000Z' },
      },
    ]);
    expect(stdout.startsWith('Created key key_1 "ci".\nid                key_1\n')).toBe(true);
    expect(stdout).toContain('\nrpm_limit         60\n');
    expect(stdout.endsWith(`Secret (shown only once; store it now, it cannot be recovered):\n\n    ${SECRET}\n\n`)).toBe(true);
    expect(stdout.split(SECRET)).toHaveLength(2);
  });

  it('create --json prints the raw answer, secret included', async () => {
    const answer = { ...keyObject(), key: SECRET };
    replies.push({ status: 201, body: answer });
    const { code, stdout } = await run(['keys', 'create', '--name', 'ci', '--json']);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual(answer);
  });

  it('create without --name makes no request', async () => {
    expect(await run(['keys', 'create', '--rpm', '5'])).toEqual({ code: 1, stdout: '', stderr: 'switchyard: keys create: --name is required (see "switchyard keys --help")\n' });
    expect(seen).toEqual([]);
  });

  it('list passes its filters as query parameters and prints a table', async () => {
    replies.push({
      status: 200,
      body: {
        object: 'list',
        data: [
          keyObject({ team_id: 'team_a', user_id: 'u1', rpm_limit: 60, models: ['gpt-4o'], expires_at: '2026-12-31T00:00:00.000Z' }),
          keyObject({ id: 'key_2', name: 'old', key_prefix: 'sk-sy-OLD1', revoked_at: '2026-05-02T08:30:00.000Z' }),
        ],
      },
    });
    const { code, stdout } = await run(['keys', 'list', '--team', 'team_a', '--user', 'u1', '--limit', '10']);
    expect(code).toBe(0);
    expect(seen).toEqual([{ method: 'GET', url: '/admin/keys?team_id=team_a&user_id=u1&limit=10', authorization: `Bearer ${ADMIN_KEY}`, contentType: undefined, body: undefined }]);
    expect(stdout).toBe(
      [
        'ID     NAME  PREFIX      ROLE  TEAM    USER  LIMITS                EXPIRES               REVOKED',
        'key_1  ci    sk-sy-NEWS  user  team_a  u1    rpm=60 models=gpt-4o  2026-12-31T00:00:00Z  -',
        'key_2  old   sk-sy-OLD1  user  -       -     -                     -                     2026-05-02T08:30:00Z',
        '',
      ].join('\n'),
    );
  });

  it('list says so when there are no keys, and --json prints the list as it came', async () => {
    replies.push({ status: 200, body: { object: 'list', data: [] } }, { status: 200, body: { object: 'list', data: [] } });
    expect((await run(['keys', 'list'])).stdout).toBe('No keys.\n');
    expect(JSON.parse((await run(['keys', 'list', '--json'])).stdout)).toEqual({ object: 'list', data: [] });
    expect(seen.map((request) => request.url)).toEqual(['/admin/keys', '/admin/keys']);
  });

  it('show reads one key, its id URL-encoded', async () => {
    replies.push({ status: 200, body: keyObject() });
    const { code, stdout } = await run(['keys', 'show', 'key/1']);
    expect(code).toBe(0);
    expect(seen[0]).toMatchObject({ method: 'GET', url: '/admin/keys/key%2F1' });
    expect(stdout).toContain('key_prefix        sk-sy-NEWS\n');
    expect(stdout).not.toContain('object');
  });

  it('update PATCHes only the given fields, "none" as null', async () => {
    replies.push({ status: 200, body: keyObject({ budget_usd: 5, budget_period: 'total' }) });
    const { code, stdout } = await run(['keys', 'update', 'key_1', '--rpm', 'none', '--budget', '5', '--role', 'user']);
    expect(code).toBe(0);
    expect(seen).toEqual([{ method: 'PATCH', url: '/admin/keys/key_1', authorization: `Bearer ${ADMIN_KEY}`, contentType: 'application/json', body: { rpm_limit: null, budget_usd: 5, role: 'user' } }]);
    expect(stdout.startsWith('Updated key key_1 "ci".\n')).toBe(true);
  });

  it('update without flags, or without an ID, makes no request', async () => {
    expect((await run(['keys', 'update', 'key_1'])).stderr).toBe('switchyard: keys update: nothing to change; pass at least one flag (see "switchyard keys --help")\n');
    expect((await run(['keys', 'update', '--rpm', '5'])).stderr).toBe('switchyard: keys update: expected one ID, got 0 (see "switchyard keys --help")\n');
    expect(seen).toEqual([]);
  });

  it('revoke DELETEs the key and says when', async () => {
    replies.push({ status: 200, body: keyObject({ revoked_at: '2026-05-03T12:00:00.000Z' }) });
    const { code, stdout } = await run(['keys', 'revoke', 'key_1']);
    expect({ code, stdout }).toEqual({ code: 0, stdout: 'Revoked key key_1 "ci" at 2026-05-03T12:00:00Z: it no longer works.\n' });
    expect(seen).toEqual([{ method: 'DELETE', url: '/admin/keys/key_1', authorization: `Bearer ${ADMIN_KEY}`, contentType: undefined, body: undefined }]);
  });

  it('rotate POSTs without a body and prints the new secret', async () => {
    replies.push({ status: 200, body: { ...keyObject(), key: SECRET } });
    const { code, stdout } = await run(['keys', 'rotate', 'key_1']);
    expect(code).toBe(0);
    expect(seen).toEqual([{ method: 'POST', url: '/admin/keys/key_1/rotate', authorization: `Bearer ${ADMIN_KEY}`, contentType: undefined, body: undefined }]);
    expect(stdout.startsWith('Rotated key key_1 "ci": the old secret no longer works.\n')).toBe(true);
    expect(stdout.endsWith(`\n    ${SECRET}\n\n`)).toBe(true);
  });

  it('rotate fails loudly when the answer carries no secret', async () => {
    replies.push({ status: 200, body: keyObject() });
    expect(await run(['keys', 'rotate', 'key_1'])).toEqual({ code: 1, stdout: '', stderr: 'switchyard: unexpected answer from the gateway: no secret "key" in it\n' });
  });
});

describe('switchyard teams and users', () => {
  const team = { object: 'team', id: 'team_a', name: 'Research', ...policy, tpm_limit: 100000, created_at: '2026-05-01T10:00:00.000Z', updated_at: '2026-05-01T10:00:00.000Z' };
  const user = { object: 'user', id: 'u1', name: 'Ada', email: 'ada@example.com', team_id: 'team_a', ...policy, created_at: '2026-05-01T10:00:00.000Z', updated_at: '2026-05-01T10:00:00.000Z' };

  it('teams create, list, show, update and delete make the documented calls', async () => {
    replies.push({ status: 201, body: team }, { status: 200, body: { object: 'list', data: [team] } }, { status: 200, body: team }, { status: 200, body: team }, { status: 200, body: { object: 'team', id: 'team_a', deleted: true } });
    const created = await run(['teams', 'create', '--id', 'team_a', '--name', 'Research', '--tpm', '100000', '--ip-allow', '10.0.0.0/8']);
    const listed = await run(['teams', 'list', '--offset', '20']);
    await run(['teams', 'show', 'team_a']);
    await run(['teams', 'update', 'team_a', '--models', 'none', '--period', 'weekly']);
    const deleted = await run(['teams', 'delete', 'team_a']);
    expect(seen.map(({ method, url, body }) => ({ method, url, body }))).toEqual([
      { method: 'POST', url: '/admin/teams', body: { id: 'team_a', name: 'Research', tpm_limit: 100000, ip_allow: ['10.0.0.0/8'] } },
      { method: 'GET', url: '/admin/teams?offset=20', body: undefined },
      { method: 'GET', url: '/admin/teams/team_a', body: undefined },
      { method: 'PATCH', url: '/admin/teams/team_a', body: { models: null, budget_period: 'weekly' } },
      { method: 'DELETE', url: '/admin/teams/team_a', body: undefined },
    ]);
    expect(created.stdout.startsWith('Created team team_a "Research".\n')).toBe(true);
    expect(listed.stdout).toBe('ID      NAME      LIMITS      CREATED\nteam_a  Research  tpm=100000  2026-05-01T10:00:00Z\n');
    expect(deleted).toEqual({ code: 0, stdout: 'Deleted team team_a.\n', stderr: '' });
  });

  it('teams create needs --name; teams list takes no --team', async () => {
    expect((await run(['teams', 'create', '--id', 'x'])).stderr).toBe('switchyard: teams create: --name is required (see "switchyard teams --help")\n');
    expect((await run(['teams', 'list', '--team', 'x'])).stderr).toMatch(/^switchyard: Unknown option '--team'/);
    expect(seen).toEqual([]);
  });

  it('users create and list send email and team, and print a table', async () => {
    replies.push({ status: 201, body: user }, { status: 200, body: { object: 'list', data: [user] } });
    await run(['users', 'create', '--id', 'u1', '--name', 'Ada', '--email', 'ada@example.com', '--team', 'team_a', '--parallel', '2']);
    const listed = await run(['users', 'list', '--team', 'team_a']);
    expect(seen.map(({ method, url, body }) => ({ method, url, body }))).toEqual([
      { method: 'POST', url: '/admin/users', body: { id: 'u1', name: 'Ada', email: 'ada@example.com', team_id: 'team_a', max_parallel: 2 } },
      { method: 'GET', url: '/admin/users?team_id=team_a', body: undefined },
    ]);
    expect(listed.stdout).toBe('ID  NAME  EMAIL            TEAM    LIMITS  CREATED\nu1  Ada   ada@example.com  team_a  -       2026-05-01T10:00:00Z\n');
  });
});

describe('connection and errors', () => {
  it('prints the server error message, code, param and HTTP status, exit code 1', async () => {
    replies.push({ status: 404, body: { error: { message: 'No key with id "nope".', type: 'invalid_request_error', code: 'GW_ROUTE_NOT_FOUND', param: 'id' } } });
    expect(await run(['keys', 'show', 'nope'])).toEqual({ code: 1, stdout: '', stderr: 'switchyard: GET /admin/keys/nope: HTTP 404 (code GW_ROUTE_NOT_FOUND, param id): No key with id "nope".\n' });
  });

  it('sends no Authorization header without a key, and says how to give one on a 401', async () => {
    replies.push({ status: 401, body: { error: { message: 'Missing API key', code: 'GW_AUTH_MISSING' } } });
    const { stderr } = await run(['keys', 'list'], { SWITCHYARD_URL: baseUrl });
    expect(seen[0]?.authorization).toBeUndefined();
    expect(stderr).toBe('switchyard: GET /admin/keys: HTTP 401 (code GW_AUTH_MISSING): Missing API key. No admin key was sent: pass --key or set SWITCHYARD_ADMIN_KEY.\n');
  });

  it('explains a 403 as a missing admin role', async () => {
    replies.push({ status: 403, body: { error: { message: 'This key may not call the admin API.' } } });
    expect((await run(['teams', 'list'])).stderr).toBe('switchyard: GET /admin/teams: HTTP 403: This key may not call the admin API. The key needs the admin role (or use the master key).\n');
  });

  it('quotes a body that is not JSON, and redacts the admin key a proxy echoes back', async () => {
    replies.push({ status: 502, body: null, raw: `<html>Bad Gateway: Authorization: Bearer ${ADMIN_KEY}</html>` });
    expect((await run(['keys', 'list'])).stderr).toBe('switchyard: GET /admin/keys: HTTP 502: <html>Bad Gateway: Authorization: Bearer [redacted]</html>\n');
  });

  it('refuses a success answer that is not a list where a list belongs', async () => {
    replies.push({ status: 200, body: { object: 'key', id: 'key_1' } });
    expect((await run(['keys', 'list'])).stderr).toBe('switchyard: unexpected answer from the gateway: the key list is not a list of objects\n');
  });

  it('--key beats SWITCHYARD_ADMIN_KEY, which beats SWITCHYARD_MASTER_KEY; --url beats SWITCHYARD_URL and keeps a path prefix', async () => {
    replies.push(...Array.from({ length: 3 }, () => ({ status: 200, body: { object: 'list', data: [] } })));
    await run(['keys', 'list', '--key', 'sk-flag'], { SWITCHYARD_URL: baseUrl, SWITCHYARD_ADMIN_KEY: 'sk-admin', SWITCHYARD_MASTER_KEY: 'sk-master' });
    await run(['keys', 'list'], { SWITCHYARD_URL: baseUrl, SWITCHYARD_ADMIN_KEY: '', SWITCHYARD_MASTER_KEY: 'sk-master' });
    await run(['keys', 'list', '--url', `${baseUrl}/gateway/`], { SWITCHYARD_URL: 'http://127.0.0.1:1', SWITCHYARD_MASTER_KEY: 'sk-master' });
    expect(seen.map(({ authorization, url }) => [authorization, url])).toEqual([
      ['Bearer sk-flag', '/admin/keys'],
      ['Bearer sk-master', '/admin/keys'],
      ['Bearer sk-master', '/gateway/admin/keys'],
    ]);
  });

  it('says the gateway cannot be reached, and refuses URLs it cannot use', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    expect((await run(['keys', 'list', '--url', `http://127.0.0.1:${port}`])).stderr).toBe(
      `switchyard: GET /admin/keys: cannot reach the gateway at http://127.0.0.1:${port} (ECONNREFUSED); is it running? Pass --url or set SWITCHYARD_URL.\n`,
    );
    expect((await run(['keys', 'list', '--url', 'ftp://x'])).stderr).toBe('switchyard: --url: expected an http(s) URL, got "ftp:" (see "switchyard keys --help")\n');
    expect((await run(['keys', 'list', '--url', `http://me:${ADMIN_KEY}@127.0.0.1:4000`])).stderr).toBe(
      'switchyard: --url: must not carry credentials; pass the key with --key or SWITCHYARD_ADMIN_KEY (see "switchyard keys --help")\n',
    );
  });

  it('gives up on a gateway that does not answer within the timeout', async () => {
    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
    const client = new AdminClient({ baseUrl: url, key: undefined, timeoutMs: 100 });
    const failure = await client.call({ method: 'GET', path: '/admin/keys' }).catch((error: unknown) => error);
    silent.closeAllConnections();
    await new Promise<void>((resolve) => silent.close(() => resolve()));
    expect(failure).toBeInstanceOf(AdminApiError);
    expect((failure as Error).message).toBe(`GET /admin/keys: no answer from ${url} within 0.1 s`);
  });
});

describe('usage', () => {
  it('keys --help prints every action and flag on stdout', async () => {
    const { code, stdout } = await run(['keys', '--help']);
    expect(code).toBe(0);
    expect(stdout).toMatchInlineSnapshot(`
      "Usage: switchyard keys create --name NAME [--admin] [FLAGS]
             switchyard keys list [--team TEAM_ID] [--user USER_ID] [--limit N] [--offset N]
             switchyard keys show ID
             switchyard keys update ID [--name NAME] [--role admin|user] [FLAGS]
             switchyard keys revoke ID
             switchyard keys rotate ID

      FLAGS of create and update (in an update, "--FLAG none" clears a field):
        --team TEAM_ID          team it belongs to
        --user USER_ID          user who owns it
        --models a,b            models it may use (names, prefix/* or model groups)
        --rpm N                 requests per minute
        --tpm N                 tokens (input + output) per minute
        --parallel N            requests in flight at once
        --budget USD            spend cap in dollars per --period
        --period P              budget period: daily, weekly, monthly or total
        --regions a,b           regions requests may be served from
        --ip-allow CIDRS        caller addresses allowed
        --ip-deny CIDRS         caller addresses refused
        --metadata JSON         a JSON object for your own bookkeeping
        --log-payloads BOOL     true: keep prompts and answers (redacted) in the request log
        --expires ISO           when it stops working, e.g. 2026-12-31 or 2026-12-31T18:00:00Z
        --priority N            higher is served first when requests queue (-1000 to 1000)
        --queue-timeout-ms MS   how long a request may wait for capacity before a 429

      Connection (every action):
        --url URL               the gateway (default: $SWITCHYARD_URL, then http://127.0.0.1:4000)
        --key KEY               master key or admin key (default: $SWITCHYARD_ADMIN_KEY, then
                                $SWITCHYARD_MASTER_KEY; the environment keeps it out of shell history)
        --json                  print the gateway's JSON instead of text
      "
    `);
  });

  it('a missing or unknown action prints the usage on stderr with exit code 1', async () => {
    const missing = await run(['users']);
    expect(missing.code).toBe(1);
    expect(missing.stderr.startsWith('switchyard: missing action after "users"\n\nUsage: switchyard users create [--id ID] [FLAGS]\n')).toBe(true);
    const unknown = await run(['teams', 'revoke', 'x']);
    expect(unknown.stderr.startsWith('switchyard: unknown action "teams revoke"\n\nUsage: switchyard teams create --name NAME [--id ID] [FLAGS]\n')).toBe(true);
    expect((await run(['keys', 'show', 'a', 'b'])).stderr).toBe('switchyard: keys show: expected one ID, got 2 (see "switchyard keys --help")\n');
  });
});
