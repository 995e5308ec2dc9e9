import type { AccessSettings, JwtSettings } from './access-settings.js';
import type { RawJwt } from './access-schema.js';
import type { RawConfig } from './schema.js';

function compileJwt(raw: RawJwt | undefined): JwtSettings | undefined {
  return (
    raw && {
      jwksUrl: raw.jwks_url,
      publicKeys: raw.public_keys,
      issuer: raw.issuer,
      audience: raw.audience,
      algorithms: raw.algorithms,
      userClaim: raw.user_claim,
      teamClaim: raw.team_claim,
      rolesClaim: raw.roles_claim,
      adminRoles: raw.admin_roles,
      clockToleranceS: raw.clock_tolerance_s,
    }
  );
}

/** `auth` (beyond the master key), `model_groups` and `budgets`, as requests read them. */
export function compileAccess(config: RawConfig): AccessSettings {
  return {
    jwt: compileJwt(config.auth.jwt),
    ipAllow: config.auth.ip_allow,
    ipDeny: config.auth.ip_deny,
    modelGroups: new Map(Object.entries(config.model_groups)),
    budgetAlertThresholds: [...config.budgets.alert_thresholds].sort((a, b) => a - b),
    budgetAlertWebhooks: config.budgets.alert_webhooks,
  };
}
