import { BlockList, isIP } from 'node:net';
import { z } from 'zod';
import { integer } from './schema-primitives.js';

/**
 * The access-control parts of the config (issue #5): JWT authentication, global IP
 * lists, model groups and budget alerts. Keys, teams and users live in the database
 * (admin API), not here. See docs/access-and-limits.md.
 */

/** An address or CIDR block Node's BlockList accepts (`10.0.0.0/8`, `2001:db8::/32`, `127.0.0.1`). */
function isCidr(entry: string): boolean {
  const [address, prefix, extra] = entry.split('/');
  const family = isIP(address ?? '');
  if (family === 0 || extra !== undefined) return false;
  if (prefix === undefined) return true;
  const bits = Number(prefix);
  if (!/^\d{1,3}$/.test(prefix) || bits > (family === 4 ? 32 : 128)) return false;
  try {
    new BlockList().addSubnet(address!, bits, family === 4 ? 'ipv4' : 'ipv6');
    return true;
  } catch {
    return false;
  }
}

export const cidrList = z.array(z.string().refine(isCidr, { message: 'expected an IP address or CIDR block (e.g. 10.0.0.0/8)' }));

const stringOrList = z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]);

export const jwtSchema = z
  .strictObject({
    /** The identity provider's JWKS endpoint (Okta, Keycloak, Entra ID...). */
    jwks_url: z.string().url().optional(),
    /** Static verification keys: PEM (SPKI) or JWK JSON. */
    public_keys: z.array(z.string().min(1)).optional(),
    issuer: stringOrList.optional(),
    audience: stringOrList.optional(),
    algorithms: z.array(z.string().min(1)).optional(),
    /** The claim naming the user (dot paths allowed). */
    user_claim: z.string().min(1).default('sub'),
    team_claim: z.string().min(1).optional(),
    roles_claim: z.string().min(1).optional(),
    /** Holders of any of these roles may call the admin API. */
    admin_roles: z.array(z.string().min(1)).default([]),
    clock_tolerance_s: integer(0, 600).default(30),
  })
  .refine((jwt) => jwt.jwks_url !== undefined || (jwt.public_keys?.length ?? 0) > 0, { message: 'set jwks_url or public_keys' });

export const authSchema = z.strictObject({
  master_key: z.string().optional(),
  jwt: jwtSchema.optional(),
  /** CIDR lists for every caller; per key and team lists narrow further. */
  ip_allow: cidrList.optional(),
  ip_deny: cidrList.optional(),
});

export const budgetsSchema = z.strictObject({
  /** Percent of a budget at which an alert fires, once per period. */
  alert_thresholds: z.array(z.number().min(1).max(100)).default([50, 80, 100]),
  /** URLs that receive a JSON POST per alert. */
  alert_webhooks: z.array(z.string().url()).default([]),
});

/** Named lists of model names or globs a key's `models` may refer to. */
export const modelGroupsSchema = z.record(z.string().min(1), z.array(z.string().min(1)).min(1));

export type RawJwt = z.infer<typeof jwtSchema>;
