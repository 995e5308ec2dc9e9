import { describe, expect, it } from 'vitest';
import { ADMIN_FLAGS, POLICY_FLAGS } from './admin-flags.js';
import { CliUsageError, convertFlag, parseCliFlags } from './parse-cli-flags.js';

const F = ADMIN_FLAGS;
const KEY_FLAGS = [F.name, F.team, F.user, ...POLICY_FLAGS, F.expires, F.priority, F.queueTimeout, F.admin];

describe('parseCliFlags', () => {
  it('turns every key flag into its snake_case admin API field', () => {
    const parsed = parseCliFlags(
      ['--name', 'ci bot', '--team', 'team_a', '--user', 'u1', '--models', 'gpt-4o, claude/*', '--rpm', '60', '--tpm', '100000', '--parallel', '4', '--budget', '12.50', '--period', 'monthly', '--expires', '2026-12-31', '--admin', '--regions', 'eu,us', '--ip-allow', '10.0.0.0/8', '--ip-deny', '10.1.0.0/16', '--metadata', '{"owner":"ci"}', '--priority=-5', '--queue-timeout-ms', '2000'],
      KEY_FLAGS,
      false,
    );
    expect(parsed.fields).toEqual({
      name: 'ci bot',
      team_id: 'team_a',
      user_id: 'u1',
      models: ['gpt-4o', 'claude/*'],
      rpm_limit: 60,
      tpm_limit: 100000,
      max_parallel: 4,
      budget_usd: 12.5,
      budget_period: 'monthly',
      expires_at: '2026-12-31T00:00:00.000Z',
      role: 'admin',
      allowed_regions: ['eu', 'us'],
      ip_allow: ['10.0.0.0/8'],
      ip_deny: ['10.1.0.0/16'],
      metadata: { owner: 'ci' },
      priority: -5,
      queue_timeout_ms: 2000,
    });
    expect(parsed).toMatchObject({ positionals: [], json: false, help: false, url: undefined, key: undefined });
  });

  it('keeps the connection flags and positionals apart from the body', () => {
    const parsed = parseCliFlags(['key_1', '--url', 'http://gw:4000', '--key', 'sk-master', '--json'], [F.rpm], true);
    expect(parsed).toEqual({ positionals: ['key_1'], fields: {}, url: 'http://gw:4000', key: 'sk-master', json: true, help: false });
    expect(parseCliFlags(['-h'], [], false).help).toBe(true);
  });

  it('clears a field with "none" in an update only, and never a name or role', () => {
    expect(parseCliFlags(['--rpm', 'none', '--team', 'none', '--expires', 'none'], KEY_FLAGS, true).fields).toEqual({ rpm_limit: null, team_id: null, expires_at: null });
    expect(() => parseCliFlags(['--rpm', 'none'], KEY_FLAGS, false)).toThrow('--rpm: expected a whole number from 1, got "none"');
    expect(parseCliFlags(['--name', 'none'], KEY_FLAGS, true).fields).toEqual({ name: 'none' });
    expect(() => parseCliFlags(['--role', 'none'], [F.role], true)).toThrow('--role: expected admin, user; got "none"');
  });

  it('refuses unknown flags and missing values with a CliUsageError', () => {
    expect(() => parseCliFlags(['--nope'], KEY_FLAGS, false)).toThrow(CliUsageError);
    expect(() => parseCliFlags(['--nope'], KEY_FLAGS, false)).toThrow(/Unknown option '--nope'/);
    expect(() => parseCliFlags(['--rpm'], KEY_FLAGS, false)).toThrow(/--rpm/);
    expect(() => parseCliFlags(['--name', ''], KEY_FLAGS, false)).toThrow('--name: expected a value');
  });
});

describe('convertFlag', () => {
  it.each([
    [F.rpm, '0', '--rpm: expected a whole number from 1, got "0"'],
    [F.rpm, '1.5', '--rpm: expected a whole number from 1, got "1.5"'],
    [F.rpm, '1e3', '--rpm: expected a whole number from 1, got "1e3"'],
    [F.priority, 'high', '--priority: expected a whole number, got "high"'],
    [F.budget, '-3', '--budget: expected dollars such as 25 or 12.50, got "-3"'],
    [F.budget, '0.0000001', '--budget: expected dollars such as 25 or 12.50, got "0.0000001"'],
    [F.period, 'yearly', '--period: expected daily, weekly, monthly, total; got "yearly"'],
    [F.models, 'a,,b', '--models: expected a comma-separated list without empty entries, got "a,,b"'],
    [F.expires, 'tomorrow', '--expires: expected an ISO 8601 date or time such as 2026-12-31 or 2026-12-31T18:00:00Z, got "tomorrow"'],
    [F.expires, '2026-02-31', '--expires: expected an ISO 8601 date or time such as 2026-12-31 or 2026-12-31T18:00:00Z, got "2026-02-31"'],
    [F.metadata, '[1,2]', `--metadata: expected a JSON object such as '{"owner":"ci"}'`],
    [F.metadata, '{oops', `--metadata: expected a JSON object such as '{"owner":"ci"}'`],
  ])('refuses --%s %s', (flag, raw, message) => {
    expect(() => convertFlag(flag, raw, false)).toThrow(message);
  });

  it('reads dollars with a leading $, offsets in times, and priority 0', () => {
    expect(convertFlag(F.budget, '$5', false)).toBe(5);
    expect(convertFlag(F.budget, '0.000001', false)).toBe(0.000001);
    expect(convertFlag(F.expires, '2026-12-31T18:00:00+02:00', false)).toBe('2026-12-31T16:00:00.000Z');
    expect(convertFlag(F.priority, '0', false)).toBe(0);
  });
});
