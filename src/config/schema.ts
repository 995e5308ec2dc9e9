import { z } from 'zod';
import { ROUTING_STRATEGIES } from './config-snapshot.js';
import { flag, integer, nonNegativeNumber } from './schema-primitives.js';
import { authSchema, budgetsSchema, cidrList, modelGroupsSchema } from './access-schema.js';
import { alertsSchema, observabilitySchema } from './observability-schema.js';
import { healthCheckSchema, hedgeSchema, routeRuleSchema, splitArmSchema, STICKY_BY } from './routing-schema.js';

/**
 * The config file's shape (CONTRACT.md section 2). Every object is strict: an unknown
 * key is refused with its path, so a typo never silently does nothing.
 */

export const serverSchema = z.strictObject({
  host: z.string().min(1).default('127.0.0.1'),
  port: integer(0, 65535).default(4000),
  /** How long shutdown waits for in-flight requests and streams. */
  drain_timeout_ms: integer(0, 600_000).default(30_000),
  /** Largest accepted request body; larger ones get 413. */
  max_body_bytes: integer(1024, 512 * 1024 * 1024).default(20 * 1024 * 1024),
  /** Time a client has to send the request headers. */
  headers_timeout_ms: integer(1000, 600_000).default(15_000),
  /** Time a client has to send the whole request (headers and body). */
  request_timeout_ms: integer(1000, 3_600_000).default(60_000),
  /** How long an idle keep-alive connection stays open. */
  keep_alive_timeout_ms: integer(100, 600_000).default(65_000),
  /** A socket with no traffic either way for this long is closed (covers slow upstreams). */
  idle_timeout_ms: integer(1000, 3_600_000).default(600_000),
  /** Proxies in front of the gateway whose X-Forwarded-For names the client (addresses or CIDR blocks). */
  trusted_proxies: cidrList.default([]),
});

export const storageSchema = z.strictObject({
  database: z
    .string()
    .refine((value) => value.startsWith('sqlite:') || value.startsWith('postgres://') || value.startsWith('postgresql://'), {
      message: 'expected "sqlite:<path>" or "postgres://..."',
    })
    .default('sqlite:.switchyard/switchyard.db'),
  redis: z.string().regex(/^rediss?:\/\//, 'expected "redis://..."').optional(),
});

export const requestLogSchema = z.strictObject({
  /** Rows written per database transaction. */
  batch_size: integer(1, 10_000).default(200),
  /** Longest a row waits in memory before it is written. */
  flush_interval_ms: integer(10, 60_000).default(250),
  /** Rows held in memory at most; beyond it rows are dropped and counted, never blocking a request. */
  max_queue: integer(100, 1_000_000).default(50_000),
});

const connectionFields = {
  base_url: z.string().url().optional(),
  /** Longest wait for the upstream's response headers (first byte). */
  timeout_ms: integer(100, 3_600_000).optional(),
  headers: z.record(z.string(), z.string()).optional(),
  max_connections: integer(1, 10_000).optional(),
  /** Ask streaming upstreams for a usage chunk (`stream_options.include_usage`). */
  stream_usage: flag.optional(),
  /** An active check of the connection (docs/routing.md, "Health checks"). */
  health_check: healthCheckSchema.optional(),
};

const circuitBreakerDefaults = { failures: 5, window_ms: 30_000, cooldown_ms: 30_000 };

/** `false` turns the breaker off; an object (its fields defaulted) tunes it. */
const circuitBreakerSchema = z.union([
  z.literal(false),
  z.strictObject({
    failures: integer(1, 1000).default(circuitBreakerDefaults.failures),
    window_ms: integer(100, 3_600_000).default(circuitBreakerDefaults.window_ms),
    cooldown_ms: integer(100, 3_600_000).default(circuitBreakerDefaults.cooldown_ms),
  }),
]);

/** Per provider type: the fields its connection takes. */
export const providerSchemas: Record<string, z.ZodType> = {
  openai: z.strictObject({ type: z.literal('openai'), api_key: z.string().optional(), organization: z.string().optional(), project: z.string().optional(), ...connectionFields }),
  'azure-openai': z.strictObject({
    type: z.literal('azure-openai'),
    ...connectionFields,
    base_url: z.string().url(),
    api_key: z.string().optional(),
    tenant_id: z.string().optional(),
    client_id: z.string().optional(),
    client_secret: z.string().optional(),
    api_version: z.string().optional(),
  }),
  anthropic: z.strictObject({ type: z.literal('anthropic'), api_key: z.string().optional(), version: z.string().optional(), ...connectionFields }),
  gemini: z.strictObject({ type: z.literal('gemini'), api_key: z.string().optional(), ...connectionFields }),
  vertex: z.strictObject({
    type: z.literal('vertex'), project: z.string(), location: z.string(),
    credentials_file: z.string().optional(), credentials_json: z.string().optional(), ...connectionFields,
  }),
  bedrock: z.strictObject({
    type: z.literal('bedrock'), region: z.string().optional(), access_key_id: z.string().optional(),
    secret_access_key: z.string().optional(), session_token: z.string().optional(), api_key: z.string().optional(), ...connectionFields,
  }),
  mock: z.strictObject({ type: z.literal('mock'), ...connectionFields }),
};

/** Types whose connection is just an optional key on an OpenAI-style API. */
export const keyOnlyProviderSchema = (type: string, baseUrlRequired: boolean) =>
  z.strictObject({
    type: z.literal(type),
    api_key: z.string().optional(),
    ...connectionFields,
    base_url: baseUrlRequired ? z.string().url() : z.string().url().optional(),
  });

export const targetSchema = z.strictObject({
  provider: z.string().min(1),
  model: z.string().min(1),
  weight: nonNegativeNumber().default(1),
  /** The deployment's output-token limit: the default `max_tokens` where a provider requires one. */
  max_output_tokens: integer(1, 10_000_000).optional(),
  /** USD per million tokens; overrides the price catalog for this deployment. */
  input_cost_per_mtok: nonNegativeNumber().optional(),
  output_cost_per_mtok: nonNegativeNumber().optional(),
  cached_input_cost_per_mtok: nonNegativeNumber().optional(),
  /** The deployment's requests-per-minute quota; `usage-based` routing keeps traffic under it. */
  rpm: integer(1, 1_000_000_000).optional(),
  /** The deployment's tokens-per-minute quota (input + output); `usage-based` routing keeps traffic under it. */
  tpm: integer(1, 1_000_000_000_000).optional(),
  /** Where the deployment runs (e.g. `eu-west-1`); callers restricted to regions only reach listed ones. */
  region: z.string().min(1).optional(),
  /** Requests tagged with one of these (`x-switchyard-tags`) go to the tagged deployments only. */
  tags: z.array(z.string().min(1)).optional(),
});

export const modelSchema = z.strictObject({
  /** The deployments; a model has either targets or a `split`. */
  targets: z.array(targetSchema).default([]),
  /** Traffic split between other models (A/B tests, canaries); percents add up to 100. */
  split: z.array(splitArmSchema).min(2, 'a split needs at least two models').optional(),
  /** Who always lands on the same side of the split. */
  sticky: z.enum(STICKY_BY, { error: `expected one of ${STICKY_BY.join(', ')}` }).default('key'),
  /** How targets are ordered per request (docs/routing.md). */
  strategy: z.enum(ROUTING_STRATEGIES, { error: `expected one of ${ROUTING_STRATEGIES.join(', ')}` }).default('weighted'),
  fallbacks: z.array(z.string().min(1)).default([]),
  /** Models tried, in order, when a deployment says the prompt is too long for it. */
  context_fallbacks: z.array(z.string().min(1)).default([]),
  /** Models tried, in order, when a deployment refuses on content-filter grounds. */
  content_fallbacks: z.array(z.string().min(1)).default([]),
  /** Limits on the model itself, across every caller (docs/access-and-limits.md). */
  rpm_limit: integer(1, 1_000_000_000).optional(),
  tpm_limit: integer(1, 1_000_000_000_000).optional(),
  max_parallel: integer(1, 1_000_000).optional(),
  /** Start a second attempt on the next deployment when the first is slow to answer. */
  hedge: z.preprocess((value) => (value === 'true' ? true : value === 'false' ? false : value), hedgeSchema).default(false),
  /** Refuse (400) a request with a setting a target cannot honour, instead of warning. */
  strict: flag.default(false),
  /** Extra attempts after the plan's first pass failed (docs/routing.md, "Retries and timeouts"). */
  retries: integer(0, 10).default(2),
  backoff: z
    .strictObject({ base_ms: integer(1, 60_000).default(250), max_ms: integer(1, 600_000).default(8000) })
    .default(() => ({ base_ms: 250, max_ms: 8000 })),
  /** A longer upstream Retry-After is not waited for: the error goes to the caller with it. */
  retry_after_cap_ms: integer(0, 3_600_000).default(30_000),
  /** Deadline for the whole request, retries included, up to the answer being handed out. */
  timeout_ms: integer(100, 3_600_000).optional(),
  /** Per attempt: overrides the connection's `timeout_ms` (wait for response headers). */
  first_byte_timeout_ms: integer(100, 3_600_000).optional(),
  /** Per attempt: longest silence between stream chunks (default 120000). */
  stream_idle_timeout_ms: integer(100, 3_600_000).optional(),
  /** Per deployment: retryable failures that move it to the back of the plan for a cooldown. */
  circuit_breaker: z.preprocess((value) => (value === 'false' ? false : value), circuitBreakerSchema).default(() => ({ ...circuitBreakerDefaults })),
});

/** Everything but providers, which are validated per type (see validate-config.ts). */
export const configSchema = z.strictObject({
  server: serverSchema.default(() => serverSchema.parse({})),
  storage: storageSchema.default(() => storageSchema.parse({})),
  auth: authSchema.default(() => authSchema.parse({})),
  request_log: requestLogSchema.default(() => requestLogSchema.parse({})),
  providers: z.record(z.string(), z.unknown()).default({}),
  /** Rules choosing the model from the request; the first that matches wins. */
  routes: z.array(routeRuleSchema).default([]),
  models: z.record(z.string().min(1), modelSchema).default({}),
  model_groups: modelGroupsSchema.default({}),
  budgets: budgetsSchema.default(() => budgetsSchema.parse({})),
  observability: observabilitySchema.default(() => observabilitySchema.parse({})),
  alerts: alertsSchema.default(() => alertsSchema.parse({})),
});

export type RawConfig = z.infer<typeof configSchema>;
export type RawTarget = z.infer<typeof targetSchema>;
export type RawModel = z.infer<typeof modelSchema>;
