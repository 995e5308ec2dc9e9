import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import OpenAI from 'openai';
import { Client } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { MASTER_KEY, passthroughConfig } from './support/gateway-config.js';
import { runGatewayExpectingExit, startGateway } from './support/start-gateway.js';
import type { RunningGateway } from './support/start-gateway.js';
import { startMockUpstream } from './support/mock-upstream.js';
import type { MockUpstream } from './support/mock-upstream.js';

let upstream: MockUpstream | undefined;
let gateway: RunningGateway | undefined;

afterEach(async () => {
  await gateway?.stop();
  await upstream?.close();
  gateway = undefined;
  upstream = undefined;
});

const admin = { authorization: `Bearer ${MASTER_KEY}` };

describe('process lifecycle', () => {
  it('finishes a stream in flight on SIGTERM, writes its log row and exits 0', async () => {
    upstream = await startMockUpstream();
    gateway = await startGateway(passthroughConfig(upstream.url));
    const client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: MASTER_KEY, maxRetries: 0 });
    const stream = await client.chat.completions.create({ model: 'slow', messages: [{ role: 'user', content: 'x' }], stream: true });
    let text = '';
    let signalled = false;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      if (!signalled) {
        gateway.process.kill('SIGTERM');
        signalled = true;
      }
    }
    expect(text).toBe('Hello from upstream');
    expect(await gateway.exited()).toBe(0);
    const database = new Database(join(gateway.directory, 'data', 'switchyard.db'), { readonly: true });
    const rows = database.prepare('SELECT status, stream, input_tokens, output_tokens FROM request_log').all();
    database.close();
    expect(rows).toEqual([{ status: 200, stream: 1, input_tokens: 11, output_tokens: 3 }]);
  });

  it('stops accepting connections on SIGTERM while the stream in flight completes', async () => {
    upstream = await startMockUpstream();
    gateway = await startGateway(passthroughConfig(upstream.url));
    expect((await fetch(`${gateway.url}/ready`)).status).toBe(200);
    const response = await fetch(`${gateway.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { ...admin, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'slow', stream: true, messages: [{ role: 'user', content: 'x' }] }),
    });
    gateway.process.kill('SIGTERM');
    await expect.poll(() => gateway!.stderr().includes('shutting down')).toBe(true);
    const fresh = new Client(gateway.url);
    await expect(fresh.request({ path: '/health', method: 'GET' })).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    await fresh.close();
    expect(await response.text()).toContain('[DONE]');
    expect(await gateway.exited()).toBe(0);
  });

  it('reloads on POST /admin/reload and SIGHUP, keeping the running config when the new one is bad', async () => {
    upstream = await startMockUpstream();
    gateway = await startGateway(passthroughConfig(upstream.url));
    const modelIds = async () => ((await (await fetch(`${gateway!.url}/v1/models`, { headers: admin })).json()) as { data: { id: string }[] }).data.map((model) => model.id);
    const original = readFileSync(gateway.configPath, 'utf8');

    writeFileSync(gateway.configPath, original.replace('models:', 'models:\n  typo: { targets: [{ provider: opnai, model: x }] }'));
    const refused = await fetch(`${gateway.url}/admin/reload`, { method: 'POST', headers: admin });
    expect(refused.status).toBe(400);
    expect(JSON.stringify(await refused.json())).toContain('models.typo.targets[0].provider: unknown provider \\"opnai\\"');
    expect(await modelIds()).toContain('gpt');

    writeFileSync(gateway.configPath, original.replace('models:', 'models:\n  added: { targets: [{ provider: demo, model: m }] }'));
    const accepted = await fetch(`${gateway.url}/admin/reload`, { method: 'POST', headers: admin });
    expect(accepted.status).toBe(200);
    expect(await modelIds()).toContain('added');

    writeFileSync(gateway.configPath, original.replace('models:', 'models:\n  via-sighup: { targets: [{ provider: demo, model: m }] }'));
    gateway.process.kill('SIGHUP');
    await expect.poll(modelIds, { timeout: 5000 }).toContain('via-sighup');
    const config = (await (await fetch(`${gateway.url}/admin/config`, { headers: admin })).json()) as { version: number; config: unknown };
    expect(config.version).toBe(3);
    expect(JSON.stringify(config.config)).not.toContain('sk-upstream-key');
    expect(JSON.stringify(config.config)).not.toContain(MASTER_KEY);
  });

  it('refuses to start with an invalid config, naming the path and reason', async () => {
    const directory = (await import('node:fs')).mkdtempSync(join((await import('node:os')).tmpdir(), 'switchyard-bad-'));
    const file = join(directory, 'bad.yaml');
    writeFileSync(file, 'providers:\n  a: { type: openai }\nmodels:\n  fast:\n    targets:\n      - { provider: opnai, model: gpt-4o }\n');
    const result = await runGatewayExpectingExit(['start', '--config', file]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('models.fast.targets[0].provider: unknown provider "opnai"');
  });

  it('refuses a non-loopback host when auth is off, unless --insecure', async () => {
    const refused = await runGatewayExpectingExit(['start', '--host', '0.0.0.0', '--port', '0'], {});
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/auth is off.*refusing to listen on "0\.0\.0\.0"/);
    gateway = await startGateway('', { args: ['--host', '0.0.0.0', '--insecure'] });
    expect(gateway.stderr()).toContain('"auth":"off"');
  });
});
