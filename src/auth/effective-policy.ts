import type { AccessPolicy, BudgetPeriod, KeyRecord, TeamRecord, UserRecord } from '../core/access-policy.js';

/** The level a budget belongs to. */
export type PolicyScope = 'key' | 'user' | 'team';

/** One level's own budget: budgets are never merged, each level's spend counts against its own cap. */
export interface ScopedBudget {
  scope: PolicyScope;
  /** The key's, user's or team's id. */
  id: string;
  /** Integer micro-dollars per `period`. */
  limitMicros: number;
  /** `total` when the level set a budget without a period. */
  period: BudgetPeriod;
}

/** One level's IP lists, ready for `compileIpRules(allow, deny)`. */
export interface IpListPair {
  allow?: readonly string[] | undefined;
  deny?: readonly string[] | undefined;
}

/**
 * The tightest of a caller's key, user and team policies (CONTRACT.md section 4).
 * Numbers are the minimum of the levels that set one and undefined when none does.
 * Lists that every level must allow are returned per level rather than merged, because
 * globs and model groups do not intersect as text.
 */
export interface EffectivePolicy {
  rpmLimit?: number | undefined;
  tpmLimit?: number | undefined;
  maxParallel?: number | undefined;
  /** Regions every level allows; undefined when no level restricts regions. */
  allowedRegions?: string[] | undefined;
  budgets: ScopedBudget[];
  /** The `models` lists of the levels that set one; a model must be allowed by each. */
  modelLists: (readonly string[])[];
  /** The IP lists of the levels that set any; an address must be permitted by each. */
  ipLists: IpListPair[];
}

interface Level {
  scope: PolicyScope;
  id: string;
  policy: AccessPolicy;
}

function tightest(levels: readonly Level[], read: (policy: AccessPolicy) => number | undefined): number | undefined {
  const values = levels.map((level) => read(level.policy)).filter((value): value is number => value !== undefined);
  return values.length === 0 ? undefined : Math.min(...values);
}

function commonRegions(levels: readonly Level[]): string[] | undefined {
  const lists = levels.map((level) => level.policy.allowedRegions).filter((list): list is string[] => list !== undefined);
  const [first, ...rest] = lists;
  if (first === undefined) return undefined;
  return [...new Set(first)].filter((region) => rest.every((list) => list.includes(region)));
}

/** The effective policy of a caller; pass undefined for a level the caller does not have. */
export function effectivePolicy(key: KeyRecord | undefined, user: UserRecord | undefined, team: TeamRecord | undefined): EffectivePolicy {
  const candidates: (Level | undefined)[] = [
    key && { scope: 'key', id: key.id, policy: key },
    user && { scope: 'user', id: user.id, policy: user },
    team && { scope: 'team', id: team.id, policy: team },
  ];
  const levels = candidates.filter((level): level is Level => level !== undefined);
  return {
    rpmLimit: tightest(levels, (policy) => policy.rpmLimit),
    tpmLimit: tightest(levels, (policy) => policy.tpmLimit),
    maxParallel: tightest(levels, (policy) => policy.maxParallel),
    allowedRegions: commonRegions(levels),
    budgets: levels.flatMap(({ scope, id, policy }) =>
      policy.budgetMicros === undefined ? [] : [{ scope, id, limitMicros: policy.budgetMicros, period: policy.budgetPeriod ?? 'total' }],
    ),
    modelLists: levels.flatMap(({ policy }) => (policy.models === undefined ? [] : [policy.models])),
    ipLists: levels.flatMap(({ policy }) =>
      policy.ipAllow === undefined && policy.ipDeny === undefined ? [] : [{ allow: policy.ipAllow, deny: policy.ipDeny }],
    ),
  };
}
