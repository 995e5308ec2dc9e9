import { describe, expect, it } from 'vitest';
import { ConfigError } from './config-error.js';
import { parseConfigText } from './load-config.js';

const options = { source: 'test.yaml', env: {}, version: 1, now: 0 };
const providers = 'providers:\n  a: { type: mock }\n';

function problemsOf(text: string): readonly string[] {
  try {
    parseConfigText(text, options);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected the config to be refused');
}

describe('retry and timeout config', () => {
  it('defaults to two retries, 250 ms..8 s backoff, a 30 s Retry-After cap and no deadline', () => {
    const snapshot = parseConfigText(`${providers}models:\n  x: { targets: [{ provider: a, model: m }] }\n`, options);
    expect(snapshot.models.get('x')).toMatchObject({
      retry: { retries: 2, backoffBaseMs: 250, backoffMaxMs: 8000, retryAfterCapMs: 30_000 },
      timeouts: { totalMs: undefined, firstByteMs: undefined, streamIdleMs: undefined },
    });
  });

  it('compiles every field', () => {
    const model = `{ retries: 3, backoff: { base_ms: 100, max_ms: "2000" }, retry_after_cap_ms: 5000, timeout_ms: 60000, first_byte_timeout_ms: 10000, stream_idle_timeout_ms: 30000, targets: [{ provider: a, model: m }] }`;
    const snapshot = parseConfigText(`${providers}models:\n  x: ${model}\n`, options);
    expect(snapshot.models.get('x')).toMatchObject({
      retry: { retries: 3, backoffBaseMs: 100, backoffMaxMs: 2000, retryAfterCapMs: 5000 },
      timeouts: { totalMs: 60_000, firstByteMs: 10_000, streamIdleMs: 30_000 },
    });
  });

  it('fills the other backoff field when only one is given', () => {
    const snapshot = parseConfigText(`${providers}models:\n  x: { backoff: { base_ms: 50 }, targets: [{ provider: a, model: m }] }\n`, options);
    expect(snapshot.models.get('x')!.retry).toMatchObject({ backoffBaseMs: 50, backoffMaxMs: 8000 });
  });

  it('refuses bad values with their paths', () => {
    const problems = problemsOf(
      `${providers}models:\n  x: { retries: -1, backoff: { base_ms: 0, jitter: true }, timeout_ms: 5, targets: [{ provider: a, model: m }] }\n`,
    );
    expect(problems).toHaveLength(4);
    expect(problems.some((problem) => problem.startsWith('models.x.retries: '))).toBe(true);
    expect(problems.some((problem) => problem.startsWith('models.x.backoff.base_ms: '))).toBe(true);
    expect(problems).toContain('models.x.backoff.jitter: unknown key');
    expect(problems.some((problem) => problem.startsWith('models.x.timeout_ms: '))).toBe(true);
  });

  it('refuses a backoff whose max is below its base', () => {
    const problems = problemsOf(`${providers}models:\n  x: { backoff: { base_ms: 500, max_ms: 100 }, targets: [{ provider: a, model: m }] }\n`);
    expect(problems).toEqual(['models.x.backoff.max_ms: must be at least base_ms (500)']);
  });
});
