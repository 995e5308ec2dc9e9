import type { Secret } from '../core/secret.js';
import type { ProviderType } from './provider-types.js';
import type { AccessSettings, ModelLimits } from './access-settings.js';
import type { HealthCheckSettings, HedgeSettings, RouteRule, SplitArm, StickyBy } from './routing-settings.js';
import type { AlertSettings, ObservabilitySettings } from './observability-settings.js';

/** A provider connection as compiled from config. Secrets are wrapped; URLs validated. */
export interface ProviderConnection {
  /** The config's name for this connection (`providers.<name>`). */
  readonly name: string;
  readonly type: ProviderType;
  /** Set when the config gave one; adapters fall back to their vendor default. */
  readonly baseUrl: string | undefined;
  readonly apiKey: Secret | undefined;
  /** Longest wait for the upstream's response headers, ms. */
  readonly timeoutMs: number | undefined;
  /** Extra headers sent upstream on every request. */
  readonly headers: Readonly<Record<string, string>>;
  readonly maxConnections: number | undefined;
  /** Ask for a usage chunk on streams; true unless the config says otherwise. */
  readonly streamUsage: boolean;
  /** Type-specific fields (`api_version`, `organization`, `region`...), secrets wrapped. */
  readonly options: Readonly<Record<string, string | Secret>>;
  /** Unset: no active checks; the circuit breakers judge the connection by traffic alone. */
  readonly healthCheck?: HealthCheckSettings | undefined;
}

/** Per-deployment price override, USD per million tokens. */
export interface PriceOverride {
  readonly inputPerMtok?: number;
  readonly outputPerMtok?: number;
  readonly cachedInputPerMtok?: number;
}

/** One deployment behind a model name. */
export interface Target {
  /** The provider connection's name. */
  readonly provider: string;
  /** The provider's own model (or Azure deployment) name. */
  readonly model: string;
  readonly weight: number;
  /**
   * The deployment's output-token limit, when the config gives one. Dialects that require
   * a maximum (Anthropic's `max_tokens`) default to it when the caller sets none.
   */
  readonly maxOutputTokens?: number | undefined;
  readonly price: PriceOverride | undefined;
  /** Requests per minute the deployment allows (e.g. an Azure quota); read by `usage-based`. */
  readonly rpm?: number | undefined;
  /** Tokens (input + output) per minute the deployment allows; read by `usage-based`. */
  readonly tpm?: number | undefined;
  /** Where the deployment runs; a caller restricted to regions never reaches one without it. */
  readonly region?: string | undefined;
  /** A request carrying one of these tags is routed to tagged deployments only. */
  readonly tags?: readonly string[] | undefined;
}

/** How a model orders its targets for each request (docs/routing.md). */
export const ROUTING_STRATEGIES = ['weighted', 'round-robin', 'priority', 'least-latency', 'least-busy', 'lowest-cost', 'usage-based'] as const;
export type RoutingStrategy = (typeof ROUTING_STRATEGIES)[number];

/** How a model retries (docs/routing.md, "Retries and timeouts"). */
export interface RetrySettings {
  /** Extra attempts allowed once every deployment of the plan failed once. */
  readonly retries: number;
  readonly backoffBaseMs: number;
  readonly backoffMaxMs: number;
  /** A longer Retry-After is not waited for: the error goes to the caller. */
  readonly retryAfterCapMs: number;
}

/** A model's time limits; undefined means "the connection's" (or none, for `totalMs`). */
export interface TimeoutSettings {
  /** Deadline for the whole request, retries included, until the answer is handed out. */
  readonly totalMs: number | undefined;
  /** Per attempt: wait for the upstream's response headers. */
  readonly firstByteMs: number | undefined;
  /** Per attempt: longest silence between stream chunks. */
  readonly streamIdleMs: number | undefined;
}

/** A model's per-deployment circuit breaker (docs/routing.md, "Circuit breakers"). */
export interface CircuitBreakerSettings {
  /** Retryable failures within `windowMs` that open the breaker. */
  readonly failures: number;
  readonly windowMs: number;
  /** How long an open breaker keeps the deployment at the back of the plan before one probe. */
  readonly cooldownMs: number;
}

export interface ModelRoute {
  /** The name clients send in `model`. */
  readonly name: string;
  readonly targets: readonly Target[];
  readonly strategy: RoutingStrategy;
  /** Other model names tried in order when every target failed. */
  readonly fallbacks: readonly string[];
  /**
   * A setting a target cannot honour is a 400 instead of a warning (`strict: true`).
   * Optional so code building routes by hand (tests, direct addressing) may leave it out.
   */
  readonly strict?: boolean;
  /** Unset (routes built by hand, direct addressing): no retries beyond the plan's failover. */
  readonly retry?: RetrySettings;
  /** Unset: the connection's per-attempt limits and no deadline. */
  readonly timeouts?: TimeoutSettings;
  /** Unset (`circuit_breaker: false`, routes built by hand): no breaker for its deployments. */
  readonly circuitBreaker?: CircuitBreakerSettings | undefined;
  /** Set on a model that splits its traffic between other models (it has no targets then). */
  readonly split?: readonly SplitArm[] | undefined;
  readonly sticky?: StickyBy;
  /** Models tried when a deployment answers that the prompt is too long. */
  readonly contextFallbacks?: readonly string[];
  /** Models tried when a deployment refuses on content-filter grounds. */
  readonly contentFallbacks?: readonly string[];
  /** Unset: no hedging. */
  readonly hedge?: HedgeSettings | undefined;
  /** The model's own rpm / tpm / parallel limits across every caller; unset: none. */
  readonly limits?: ModelLimits | undefined;
}

export interface ServerSettings {
  readonly host: string;
  readonly port: number;
  readonly drainTimeoutMs: number;
  readonly maxBodyBytes: number;
  readonly headersTimeoutMs: number;
  readonly requestTimeoutMs: number;
  readonly keepAliveTimeoutMs: number;
  readonly idleTimeoutMs: number;
  /** Peers whose X-Forwarded-For is read for the client address; empty: the socket's peer is the client. */
  readonly trustedProxies: readonly string[];
}

export interface RequestLogSettings {
  readonly batchSize: number;
  readonly flushIntervalMs: number;
  readonly maxQueue: number;
}

/**
 * The immutable, precompiled config one request reads from start to end. Built by
 * `compileSnapshot`, swapped whole by `SnapshotHolder`; never mutated.
 */
export interface ConfigSnapshot {
  /** Increments on every successful load or reload. */
  readonly version: number;
  /** The file it came from, or `(built-in defaults)`. */
  readonly source: string;
  readonly loadedAt: number;
  readonly server: ServerSettings;
  readonly storage: { readonly database: string; readonly redis: string | undefined };
  /** Unset means auth is off (loopback-only unless `--insecure`). */
  readonly masterKey: Secret | undefined;
  /** JWT, IP lists, model groups, budget alerts. */
  readonly access: AccessSettings;
  readonly requestLog: RequestLogSettings;
  /** Metrics, tracing, payload logging, retention, log export. */
  readonly observability: ObservabilitySettings;
  readonly alerts: AlertSettings;
  readonly providers: ReadonlyMap<string, ProviderConnection>;
  readonly models: ReadonlyMap<string, ModelRoute>;
  /** `routes:`, in config order; the first that matches a request picks its model. */
  readonly routes: readonly RouteRule[];
  /** The validated config with every secret shown as `[redacted]`, for `GET /admin/config`. */
  readonly redacted: Readonly<Record<string, unknown>>;
}
