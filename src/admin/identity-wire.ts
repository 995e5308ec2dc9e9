import { z } from 'zod';
import { validateCidr } from '../auth/index.js';
import type { AccessPolicy, KeyRecord, TeamRecord, UserRecord } from '../core/access-policy.js';
import { BUDGET_PERIODS } from '../core/access-policy.js';

/**
 * The admin API's JSON for keys, teams and users (CONTRACT.md section 4): snake_case on
 * the wire, camelCase records inside; money in USD on the wire, micro-dollars inside.
 * Every field may be null in a PATCH to clear it; absent means unchanged.
 */

const ID = /^[A-Za-z0-9._:@-]{1,128}$/;
const names = z.array(z.string().min(1).max(200)).max(1000);
const count = (max: number) => z.number().int().min(1).max(max);
const cidrs = z
  .array(z.string())
  .max(1000)
  .superRefine((entries, context) => {
    for (const entry of entries) {
      const problem = validateCidr(entry);
      if (problem) context.addIssue({ code: 'custom', message: problem });
    }
  });

const policyFields = {
  models: names.nullable().optional(),
  rpm_limit: count(1_000_000_000).nullable().optional(),
  tpm_limit: count(1_000_000_000_000).nullable().optional(),
  max_parallel: count(1_000_000).nullable().optional(),
  budget_usd: z.number().min(0).max(1_000_000_000).nullable().optional(),
  budget_period: z.enum(BUDGET_PERIODS as [string, ...string[]]).nullable().optional(),
  allowed_regions: names.nullable().optional(),
  ip_allow: cidrs.nullable().optional(),
  ip_deny: cidrs.nullable().optional(),
  metadata: z.record(z.string(), z.unknown()).nullable().optional(),
  log_payloads: z.boolean().nullable().optional(),
};

export const keyBodySchema = z.strictObject({
  name: z.string().min(1).max(200),
  team_id: z.string().regex(ID).nullable().optional(),
  user_id: z.string().regex(ID).nullable().optional(),
  role: z.enum(['admin', 'user']).optional(),
  priority: z.number().int().min(-1000).max(1000).nullable().optional(),
  queue_timeout_ms: z.number().int().min(0).max(600_000).nullable().optional(),
  expires_at: z.iso.datetime({ offset: true }).nullable().optional(),
  ...policyFields,
});

export const teamBodySchema = z.strictObject({ id: z.string().regex(ID).optional(), name: z.string().min(1).max(200), ...policyFields });

export const userBodySchema = z.strictObject({
  id: z.string().regex(ID).optional(),
  name: z.string().min(1).max(200).nullable().optional(),
  email: z.string().email().max(320).nullable().optional(),
  team_id: z.string().regex(ID).nullable().optional(),
  ...policyFields,
});

type PolicyWire = { [K in keyof typeof policyFields]?: z.infer<(typeof policyFields)[K]> };

/** Sets `target[field]` from a wire value: absent keeps it, null clears it. */
function apply<T extends object, K extends keyof T>(target: T, field: K, value: T[K] | null | undefined): void {
  if (value === undefined) return;
  if (value === null) delete target[field];
  else target[field] = value;
}

/** Applies the policy fields of a create or patch body to a record. */
export function applyPolicy(record: AccessPolicy, body: PolicyWire): void {
  apply(record, 'models', body.models);
  apply(record, 'rpmLimit', body.rpm_limit);
  apply(record, 'tpmLimit', body.tpm_limit);
  apply(record, 'maxParallel', body.max_parallel);
  apply(record, 'budgetMicros', body.budget_usd === undefined || body.budget_usd === null ? body.budget_usd : Math.round(body.budget_usd * 1_000_000));
  apply(record, 'budgetPeriod', body.budget_period as AccessPolicy['budgetPeriod'] | null | undefined);
  apply(record, 'allowedRegions', body.allowed_regions);
  apply(record, 'ipAllow', body.ip_allow);
  apply(record, 'ipDeny', body.ip_deny);
  apply(record, 'metadata', body.metadata);
  apply(record, 'logPayloads', body.log_payloads);
}

export function applyKeyFields(record: KeyRecord, body: z.infer<typeof keyBodySchema> | Partial<z.infer<typeof keyBodySchema>>): void {
  if (body.name !== undefined) record.name = body.name;
  if (body.role !== undefined) record.role = body.role;
  apply(record, 'teamId', body.team_id);
  apply(record, 'userId', body.user_id);
  apply(record, 'priority', body.priority);
  apply(record, 'queueTimeoutMs', body.queue_timeout_ms);
  apply(record, 'expiresAt', body.expires_at === undefined || body.expires_at === null ? body.expires_at : Date.parse(body.expires_at));
  applyPolicy(record, body);
}

const iso = (ms: number | undefined) => (ms === undefined ? null : new Date(ms).toISOString());

function encodePolicy(policy: AccessPolicy): Record<string, unknown> {
  return {
    models: policy.models ?? null,
    rpm_limit: policy.rpmLimit ?? null,
    tpm_limit: policy.tpmLimit ?? null,
    max_parallel: policy.maxParallel ?? null,
    budget_usd: policy.budgetMicros === undefined ? null : policy.budgetMicros / 1_000_000,
    budget_period: policy.budgetMicros === undefined ? null : (policy.budgetPeriod ?? 'total'),
    allowed_regions: policy.allowedRegions ?? null,
    ip_allow: policy.ipAllow ?? null,
    ip_deny: policy.ipDeny ?? null,
    metadata: policy.metadata ?? {},
    log_payloads: policy.logPayloads ?? false,
  };
}

/** A key as the admin API shows it: never the secret or its hash. */
export function encodeKey(key: KeyRecord): Record<string, unknown> {
  return {
    object: 'key',
    id: key.id,
    name: key.name,
    key_prefix: key.prefix,
    team_id: key.teamId ?? null,
    user_id: key.userId ?? null,
    role: key.role,
    priority: key.priority ?? 0,
    queue_timeout_ms: key.queueTimeoutMs ?? 0,
    ...encodePolicy(key),
    expires_at: iso(key.expiresAt),
    created_at: iso(key.createdAt),
    updated_at: iso(key.updatedAt),
    revoked_at: iso(key.revokedAt),
  };
}

export function encodeTeam(team: TeamRecord): Record<string, unknown> {
  return { object: 'team', id: team.id, name: team.name, ...encodePolicy(team), created_at: iso(team.createdAt), updated_at: iso(team.updatedAt) };
}

export function encodeUser(user: UserRecord): Record<string, unknown> {
  return {
    object: 'user',
    id: user.id,
    name: user.name ?? null,
    email: user.email ?? null,
    team_id: user.teamId ?? null,
    ...encodePolicy(user),
    created_at: iso(user.createdAt),
    updated_at: iso(user.updatedAt),
  };
}
