import { z } from 'zod';
import { flag, integer } from './schema-primitives.js';

/**
 * The routing parts of the config that choose a model for a request (`routes:`, a
 * model's `split:`) and shape its attempts (`hedge:`, a provider's `health_check:`).
 * See docs/routing.md for each, with examples.
 */

const names = z.array(z.string().min(1)).min(1);

/** A JavaScript regular expression, matched case-insensitively; refused at load when it does not compile. */
const pattern = z.string().min(1).refine(
  (source) => {
    try {
      new RegExp(source, 'iu');
      return true;
    } catch {
      return false;
    }
  },
  { message: 'not a valid regular expression' },
);

/** Every condition given must hold; a rule with no `match` matches every request. */
export const routeMatchSchema = z.strictObject({
  /** The requested model names the rule applies to (default: any). */
  models: names.optional(),
  /** Estimated prompt tokens at least / at most (characters / 4 of the messages, tools included). */
  min_prompt_tokens: integer(0, 100_000_000).optional(),
  max_prompt_tokens: integer(0, 100_000_000).optional(),
  /** A regular expression found in the last user message (case-insensitive). */
  pattern: pattern.optional(),
  /** Any of these words or phrases in the last user message (case-insensitive). */
  keywords: names.optional(),
  /** The request offers tools (true) or does not (false). */
  has_tools: flag.optional(),
  /** A message carries an image (true) or none does (false). */
  has_images: flag.optional(),
  /** Any of these tags in `x-switchyard-tags`. */
  tags: names.optional(),
  /** The caller's key id, team id or user id is one of these. */
  keys: names.optional(),
  teams: names.optional(),
  users: names.optional(),
  /** Every one of these request `metadata` fields has this value. */
  metadata: z.record(z.string(), z.string()).optional(),
});

export const routeRuleSchema = z.strictObject({
  /** Logged with the request; defaults to `routes[<index>]`. */
  name: z.string().min(1).optional(),
  match: routeMatchSchema.default(() => ({})),
  /** The model (a configured name, or `<provider>/<model>`) the request goes to. */
  model: z.string().min(1),
});

export const splitArmSchema = z.strictObject({
  /** A configured model with targets. */
  model: z.string().min(1),
  percent: z.preprocess(
    (value) => (typeof value === 'string' && value.trim() !== '' ? Number(value) : value),
    z.number().min(0).max(100).finite(),
  ),
});

/** Who sees the same side of a split: one key, one user, or (`none`) a fresh draw per request. */
export const STICKY_BY = ['key', 'user', 'none'] as const;

/** `true` hedges after the deployment's p95 time to first byte; an object tunes it. */
export const hedgeSchema = z.union([
  z.literal(false),
  z.literal(true).transform(() => ({ initial_delay_ms: 1000 })),
  z.strictObject({
    /** A fixed delay; unset: the first deployment's recent p95 time to first byte. */
    delay_ms: integer(1, 600_000).optional(),
    /** The delay while the deployment has too few samples for a p95. */
    initial_delay_ms: integer(1, 600_000).default(1000),
  }),
]);

/** A provider connection's active check: a one-token chat to `model` every `interval_s`. */
export const healthCheckSchema = z.strictObject({
  interval_s: integer(1, 86_400),
  /** The provider's model to ask (pick a cheap one). */
  model: z.string().min(1),
  /** A probe with no answer within this is a failure. */
  timeout_ms: integer(100, 600_000).default(10_000),
});

export type RawRouteRule = z.infer<typeof routeRuleSchema>;
export type RawHedge = z.infer<typeof hedgeSchema>;
export type RawHealthCheck = z.infer<typeof healthCheckSchema>;
