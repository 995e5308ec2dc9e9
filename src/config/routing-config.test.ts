import { describe, expect, it } from 'vitest';
import { ConfigError } from './config-error.js';
import { parseConfigText } from './load-config.js';

const options = { source: 'test.yaml', env: {}, version: 1, now: 0 };

function problemsOf(text: string): readonly string[] {
  try {
    parseConfigText(text, options);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected the config to be refused');
}

const providers = 'providers:\n  a: { type: mock }\n';

describe('routing config', () => {
  it('compiles every strategy and the rpm/tpm quotas', () => {
    const strategies = ['weighted', 'round-robin', 'priority', 'least-latency', 'least-busy', 'lowest-cost', 'usage-based'];
    const models = strategies.map((name) => `  ${name}: { strategy: ${name}, targets: [{ provider: a, model: m, rpm: 60, tpm: "90000" }] }`).join('\n');
    const snapshot = parseConfigText(`${providers}models:\n${models}\n  plain: { targets: [{ provider: a, model: m }] }\n`, options);
    expect(strategies.map((name) => snapshot.models.get(name)!.strategy)).toEqual(strategies);
    expect(snapshot.models.get('usage-based')!.targets[0]).toMatchObject({ rpm: 60, tpm: 90_000 });
    expect(snapshot.models.get('plain')).toMatchObject({ strategy: 'weighted', targets: [{ rpm: undefined, tpm: undefined }] });
  });

  it('refuses an unknown strategy, listing the known ones', () => {
    const problems = problemsOf(`${providers}models:\n  x: { strategy: fastest, targets: [{ provider: a, model: m }] }\n`);
    expect(problems).toEqual(['models.x.strategy: expected one of weighted, round-robin, priority, least-latency, least-busy, lowest-cost, usage-based']);
  });

  it('refuses quotas that are not positive integers, with their paths', () => {
    const problems = problemsOf(`${providers}models:\n  x: { targets: [{ provider: a, model: m, rpm: 0 }, { provider: a, model: n, tpm: 1.5 }] }\n`);
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^models\.x\.targets\[0\]\.rpm: /);
    expect(problems[1]).toMatch(/^models\.x\.targets\[1\]\.tpm: /);
  });

  it('refuses usage-based routing with no quota to measure against', () => {
    const problems = problemsOf(`${providers}models:\n  x: { strategy: usage-based, targets: [{ provider: a, model: m }] }\n`);
    expect(problems).toEqual(['models.x.strategy: "usage-based" needs an rpm or tpm quota on at least one target']);
  });
});
