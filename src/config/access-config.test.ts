import { describe, expect, it } from 'vitest';
import { parseConfigText } from './index.js';

const load = (text: string) => parseConfigText(text, { source: 't', env: {}, version: 1, now: 0 });

describe('access config (auth.jwt, IP lists, model groups, budgets, model limits)', () => {
  it('compiles JWT settings, IP lists, groups, alert settings and model limits', () => {
    const snapshot = load(`
auth:
  master_key: m
  jwt: { jwks_url: "https://idp.example/jwks", issuer: "https://idp.example", audience: switchyard, team_claim: team, admin_roles: [gw-admin] }
  ip_allow: [10.0.0.0/8, "2001:db8::/32", 127.0.0.1]
model_groups: { cheap: [gpt-4o-mini, "llama*"] }
budgets: { alert_thresholds: [80, 50], alert_webhooks: ["https://hooks.example/services/SECRET"] }
providers: { p: { type: mock } }
models: { m: { rpm_limit: 600, max_parallel: 10, targets: [{ provider: p, model: x }] } }
`);
    expect(snapshot.access).toMatchObject({
      jwt: { jwksUrl: 'https://idp.example/jwks', userClaim: 'sub', teamClaim: 'team', adminRoles: ['gw-admin'], clockToleranceS: 30 },
      ipAllow: ['10.0.0.0/8', '2001:db8::/32', '127.0.0.1'],
      budgetAlertThresholds: [50, 80],
    });
    expect(snapshot.access.modelGroups.get('cheap')).toEqual(['gpt-4o-mini', 'llama*']);
    expect(snapshot.models.get('m')?.limits).toEqual({ rpm: 600, tpm: undefined, maxParallel: 10 });
    // The webhook's own token never shows in GET /admin/config.
    expect(JSON.stringify(snapshot.redacted)).not.toContain('SECRET');
  });

  it('refuses bad CIDR entries and a JWT block without keys, naming the path', () => {
    expect(() => load('auth: { ip_deny: ["10.0.0.0/33"] }')).toThrow(/auth\.ip_deny\[0\]: expected an IP address or CIDR/);
    expect(() => load('auth: { ip_allow: ["nope"] }')).toThrow(/auth\.ip_allow\[0\]/);
    expect(() => load('auth: { jwt: { issuer: x } }')).toThrow(/auth\.jwt: set jwks_url or public_keys/);
  });
});
