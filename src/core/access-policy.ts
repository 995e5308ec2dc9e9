/**
 * What keys, teams and users carry alike (CONTRACT.md section 4): which models they may
 * use and how much. An undefined field sets no limit at that level; a caller's
 * effective limit is the tightest of its key's, user's and team's.
 */
export interface AccessPolicy {
  /** Model names, `*` wildcards (`claude/*`) or `model_groups` names; undefined: every model. */
  models?: string[] | undefined;
  /** Requests per minute. */
  rpmLimit?: number | undefined;
  /** Tokens (input + output) per minute. */
  tpmLimit?: number | undefined;
  /** Requests in flight at once. */
  maxParallel?: number | undefined;
  /** Spend cap in integer micro-dollars per `budgetPeriod`. */
  budgetMicros?: number | undefined;
  budgetPeriod?: BudgetPeriod | undefined;
  /** Regions requests may be served from (data residency); undefined: any. */
  allowedRegions?: string[] | undefined;
  /** CIDR lists; a caller's address must be in `ipAllow` (when set) and not in `ipDeny`. */
  ipAllow?: string[] | undefined;
  ipDeny?: string[] | undefined;
  /** Free-form key/values for the owner's bookkeeping. */
  metadata?: Record<string, unknown> | undefined;
  /** Store prompts and answers (redacted, capped) in the request log for this caller's requests. */
  logPayloads?: boolean | undefined;
}

/** Budget periods, in UTC; `total` never resets. */
export type BudgetPeriod = 'daily' | 'weekly' | 'monthly' | 'total';
export const BUDGET_PERIODS: readonly BudgetPeriod[] = ['daily', 'weekly', 'monthly', 'total'];

/** A team: a group of keys and users sharing limits. */
export interface TeamRecord extends AccessPolicy {
  id: string;
  name: string;
  /** Epoch ms. */
  createdAt: number;
  updatedAt: number;
}

/** A user: a person or service, possibly a team member, owning keys (or identified by a JWT). */
export interface UserRecord extends AccessPolicy {
  id: string;
  name?: string | undefined;
  email?: string | undefined;
  teamId?: string | undefined;
  createdAt: number;
  updatedAt: number;
}

/** A virtual key. The secret itself is never stored: only its SHA-256 hash and a display prefix. */
export interface KeyRecord extends AccessPolicy {
  id: string;
  name: string;
  /** Hex SHA-256 of the secret. */
  hash: string;
  /** The secret's first characters, for recognizing it in lists (`sk-sy-AbC1…`). */
  prefix: string;
  teamId?: string | undefined;
  userId?: string | undefined;
  role: 'admin' | 'user';
  /** Higher goes first when requests queue for capacity (default 0). */
  priority?: number | undefined;
  /** How long a request may wait for rate-limit capacity instead of a 429 (0: never). */
  queueTimeoutMs?: number | undefined;
  /** Epoch ms after which the key stops working. */
  expiresAt?: number | undefined;
  createdAt: number;
  updatedAt: number;
  /** Epoch ms when it was revoked (or rotated away); a revoked key never works again. */
  revokedAt?: number | undefined;
}
