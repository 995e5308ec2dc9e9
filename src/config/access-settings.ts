/** Compiled access-control config (docs/access-and-limits.md). */

/** How JWTs are verified and mapped to a caller. */
export interface JwtSettings {
  readonly jwksUrl?: string | undefined;
  readonly publicKeys?: readonly string[] | undefined;
  readonly issuer?: string | readonly string[] | undefined;
  readonly audience?: string | readonly string[] | undefined;
  readonly algorithms?: readonly string[] | undefined;
  readonly userClaim: string;
  readonly teamClaim?: string | undefined;
  readonly rolesClaim?: string | undefined;
  readonly adminRoles: readonly string[];
  readonly clockToleranceS: number;
}

export interface AccessSettings {
  /** Unset: only the master key and virtual keys authenticate. */
  readonly jwt: JwtSettings | undefined;
  readonly ipAllow: readonly string[] | undefined;
  readonly ipDeny: readonly string[] | undefined;
  /** `model_groups`: names a key's `models` list may use for a list of models. */
  readonly modelGroups: ReadonlyMap<string, readonly string[]>;
  /** Budget alert thresholds (percent, ascending) and webhook URLs. */
  readonly budgetAlertThresholds: readonly number[];
  readonly budgetAlertWebhooks: readonly string[];
}

/** A model's own limits, across every caller. */
export interface ModelLimits {
  readonly rpm?: number | undefined;
  readonly tpm?: number | undefined;
  readonly maxParallel?: number | undefined;
}
