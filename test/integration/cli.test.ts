import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MASTER_KEY } from './support/gateway-config.js';
import { MAIN, startGateway } from './support/start-gateway.js';
import type { RunningGateway } from './support/start-gateway.js';

const run = promisify(execFile);
let gateway: RunningGateway;

beforeAll(async () => {
  gateway = await startGateway(`
auth: { master_key: ${MASTER_KEY} }
storage: { database: "sqlite::memory:" }
providers: { demo: { type: mock } }
models: { echo: { targets: [{ provider: demo, model: mock-echo }] } }
`);
});

afterAll(async () => {
  await gateway?.stop();
});

function cli(...args: string[]): Promise<{ stdout: string; stderr: string }> {
  return run(process.execPath, [MAIN, ...args], { env: { PATH: process.env.PATH ?? '', SWITCHYARD_URL: gateway.url, SWITCHYARD_MASTER_KEY: MASTER_KEY } });
}

function chat(key: string): Promise<Response> {
  return fetch(`${gateway.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'echo', messages: [{ role: 'user', content: 'hi' }] }),
  });
}

describe('switchyard keys / teams against the real gateway', () => {
  it('creates a team and a key in it, lists them, and the key works until it is revoked', async () => {
    const team = JSON.parse((await cli('teams', 'create', '--id', 'cli-team', '--name', 'CLI team', '--rpm', '100', '--json')).stdout) as { id: string };
    expect(team.id).toBe('cli-team');
    const created = JSON.parse((await cli('keys', 'create', '--name', 'from-cli', '--team', 'cli-team', '--rpm', '5', '--json')).stdout) as { id: string; key: string };
    expect(created.key).toMatch(/^sk-sy-/);
    expect((await chat(created.key)).status).toBe(200);

    const listed = (await cli('keys', 'list', '--team', 'cli-team')).stdout;
    expect(listed).toContain(created.id);
    expect(listed).not.toContain(created.key);

    const rotated = JSON.parse((await cli('keys', 'rotate', created.id, '--json')).stdout) as { key: string };
    expect((await chat(created.key)).status).toBe(401);
    expect((await chat(rotated.key)).status).toBe(200);

    await cli('keys', 'revoke', created.id);
    expect((await chat(rotated.key)).status).toBe(401);
  });

  it('prints the secret once on create, and a clear error for a bad request', async () => {
    const { stdout } = await cli('keys', 'create', '--name', 'human');
    expect(stdout).toMatch(/shown only once/);
    expect(stdout).toMatch(/sk-sy-[A-Za-z0-9_-]{43}/);
    const failure = await cli('keys', 'create', '--name', 'orphan', '--team', 'no-such-team').catch((error: { code: number; stderr: string }) => error);
    expect(failure).toMatchObject({ code: 1, stderr: expect.stringContaining('no team "no-such-team"') });
  });
});
