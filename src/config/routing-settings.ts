/**
 * Compiled routing config: the rules that pick a model for a request, traffic splits,
 * hedging and health checks (docs/routing.md). Read-only parts of the snapshot.
 */

/** The conditions of one `routes:` rule; an absent field is not checked. */
export interface RouteMatch {
  readonly models?: readonly string[];
  readonly minPromptTokens?: number;
  readonly maxPromptTokens?: number;
  /** Compiled case-insensitive, tested against the last user message. */
  readonly pattern?: RegExp;
  /** Lower-cased; any one found in the last user message matches. */
  readonly keywords?: readonly string[];
  readonly hasTools?: boolean;
  readonly hasImages?: boolean;
  readonly tags?: readonly string[];
  readonly keys?: readonly string[];
  readonly teams?: readonly string[];
  readonly users?: readonly string[];
  readonly metadata?: Readonly<Record<string, string>>;
}

/** A `routes:` entry: when `match` holds, the request goes to `model`. */
export interface RouteRule {
  /** The config's `name`, or `routes[<index>]`; logged with the request. */
  readonly name: string;
  readonly match: RouteMatch;
  readonly model: string;
}

/** One side of a model's `split:`. */
export interface SplitArm {
  readonly model: string;
  readonly percent: number;
}

/** Who always lands on the same side of a split; `none` draws per request. */
export type StickyBy = 'key' | 'user' | 'none';

/** A model's `hedge:` settings. */
export interface HedgeSettings {
  /** A fixed delay before the second attempt; undefined: the deployment's p95 time to first byte. */
  readonly delayMs: number | undefined;
  /** The delay while the deployment has too few samples for a p95. */
  readonly initialDelayMs: number;
}

/** A provider connection's active health check. */
export interface HealthCheckSettings {
  readonly intervalMs: number;
  /** The provider's model the probe asks. */
  readonly model: string;
  readonly timeoutMs: number;
}
