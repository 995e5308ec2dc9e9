import type { AccessPolicy } from '../core/access-policy.js';
import { allowsAll } from './model-access.js';
import type { ModelAccess } from './model-access.js';

/** One level of a caller whose policy applies: its key, its user, its team. */
export interface PrincipalLevel {
  scope: 'key' | 'user' | 'team';
  id: string;
  policy: AccessPolicy;
}

/** Who is calling, as the authenticate stage established it. */
export interface Principal {
  /** The key's id for logs and limits; `master` for the master key; undefined when auth is off or for a JWT. */
  keyId: string | undefined;
  /** `admin` may call the admin API. */
  role: 'admin' | 'user';
  /** The team and user the key belongs to (virtual keys, JWT claims); undefined for the master key. */
  teamId?: string | undefined;
  userId?: string | undefined;
  /**
   * Regions the caller's requests may be served from (data residency), the intersection
   * of the key's, user's and team's lists; undefined: any region.
   */
  allowedRegions?: readonly string[] | undefined;
  /** The key's, user's and team's policies, most specific first; each level's limits count on their own counters. */
  levels?: readonly PrincipalLevel[] | undefined;
  /** Model access of each level that restricts models; a model must be allowed by every one. */
  modelAccess?: readonly ModelAccess[] | undefined;
  /** Higher is served first when requests queue for capacity. */
  priority?: number | undefined;
  /** How long a request may wait for rate-limit capacity (0: a 429 at once). */
  queueTimeoutMs?: number | undefined;
}

/** Whether the caller may use a model (every level that restricts models must allow it). */
export function principalMayUse(principal: Principal | undefined, model: string): boolean {
  return principal?.modelAccess === undefined || allowsAll(principal.modelAccess, model);
}
