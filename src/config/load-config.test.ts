import { describe, expect, it } from 'vitest';
import { ConfigError } from './config-error.js';
import { DEFAULTS_SOURCE, loadConfig, parseConfigText } from './load-config.js';

const options = { source: 'test.yaml', env: {}, version: 1, now: 0 };

function problemsOf(text: string, env: Record<string, string> = {}): readonly string[] {
  try {
    parseConfigText(text, { ...options, env });
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected the config to be refused');
}

describe('config validation', () => {
  it('names the path and the reason for an unknown provider reference', () => {
    const problems = problemsOf(`
providers:
  openai: { type: openai, api_key: sk-1 }
models:
  fast:
    targets:
      - { provider: opnai, model: gpt-4o }
`);
    expect(problems).toEqual(['models.fast.targets[0].provider: unknown provider "opnai"']);
  });

  it('refuses unknown keys and provider types, reporting every problem at once', () => {
    const problems = problemsOf(`
server: { port: 4000, hots: x }
providers:
  a: { type: opnai }
  b: { type: openai, apikey: x }
`);
    expect(problems).toContain('server.hots: unknown key');
    expect(problems).toContain('providers.a.type: unknown provider type "opnai"');
    expect(problems).toContain('providers.b.apikey: unknown key');
  });

  it('refuses bad values with the reason', () => {
    const problems = problemsOf('server: { port: 70000 }');
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^server\.port: .*65535/);
  });

  it('reads server.trusted_proxies as addresses and CIDR blocks, and refuses anything else by its index', () => {
    expect(parseConfigText('server: { trusted_proxies: [10.0.0.0/8, "::1"] }', options).server.trustedProxies).toEqual(['10.0.0.0/8', '::1']);
    expect(parseConfigText('', options).server.trustedProxies).toEqual([]);
    expect(problemsOf('server: { trusted_proxies: [10.0.0.0/8, "lb.internal"] }')).toEqual([expect.stringMatching(/^server\.trusted_proxies\[1\]: expected an IP address or CIDR/)]);
  });

  it('requires base_url for openai-compatible but not for vendor shorthands', () => {
    expect(problemsOf('providers: { local: { type: openai-compatible } }')[0]).toMatch(/^providers\.local\.base_url: /);
    const snapshot = parseConfigText('providers: { g: { type: groq, api_key: k } }', options);
    expect(snapshot.providers.get('g')?.baseUrl).toBeUndefined();
  });

  it('checks fallbacks name existing models', () => {
    const problems = problemsOf(`
providers: { m: { type: mock } }
models:
  a: { targets: [{ provider: m, model: x }], fallbacks: [b] }
`);
    expect(problems).toEqual(['models.a.fallbacks[0]: unknown model "b"']);
  });

  it('reports malformed YAML and a non-mapping root', () => {
    expect(problemsOf('models: [')[0]).toMatch(/^YAML: /);
    expect(problemsOf('- a\n- b')[0]).toMatch(/^\(root\): expected a mapping/);
  });
});

describe('env interpolation', () => {
  it('replaces ${VAR} and ${VAR:-default}, numbers included, after parsing', () => {
    const snapshot = parseConfigText(
      `
server: { port: "\${PORT:-4100}", host: "\${HOST}" }
auth: { master_key: "\${MASTER}" }
providers: { o: { type: openai, api_key: "\${KEY}" } }
`,
      { ...options, env: { HOST: '0.0.0.0', KEY: 'sk-live-123', MASTER: 'root: {injected: true}' } },
    );
    expect(snapshot.server.port).toBe(4100);
    expect(snapshot.server.host).toBe('0.0.0.0');
    expect(snapshot.providers.get('o')?.apiKey?.reveal()).toBe('sk-live-123');
    // A value is only ever a string: it cannot add YAML structure.
    expect(snapshot.masterKey?.reveal()).toBe('root: {injected: true}');
  });

  it('treats an unset variable as an absent optional field', () => {
    const snapshot = parseConfigText('auth: { master_key: "${UNSET_MASTER}" }', options);
    expect(snapshot.masterKey).toBeUndefined();
  });
});

describe('snapshot', () => {
  it('uses the built-in defaults when there is no file', () => {
    const snapshot = loadConfig(undefined, { env: {}, version: 1, now: 0 });
    expect(snapshot.source).toBe(DEFAULTS_SOURCE);
    expect(snapshot.server.port).toBe(4000);
    expect(snapshot.storage.database).toBe('sqlite:.switchyard/switchyard.db');
    expect(snapshot.models.get('mock')?.targets[0]).toMatchObject({ provider: 'mock', model: 'mock-echo' });
  });

  it('is frozen and redacts secrets', () => {
    const snapshot = parseConfigText(
      `
auth: { master_key: sk-master }
providers: { o: { type: openai, api_key: sk-secret, headers: { x-token: t } } }
models: { m: { targets: [{ provider: o, model: gpt-4o, input_cost_per_mtok: 1 }] } }
`,
      options,
    );
    expect(Object.isFrozen(snapshot.server)).toBe(true);
    const text = JSON.stringify(snapshot.redacted);
    expect(text).not.toContain('sk-secret');
    expect(text).not.toContain('sk-master');
    expect(text).not.toContain('"t"');
    expect(JSON.stringify(snapshot.providers.get('o'))).not.toContain('sk-secret');
    expect(snapshot.models.get('m')?.targets[0]?.price).toEqual({ inputPerMtok: 1, outputPerMtok: undefined, cachedInputPerMtok: undefined });
  });
});
