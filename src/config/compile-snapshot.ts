import { Secret } from '../core/secret.js';
import type { ConfigSnapshot, ModelRoute, ProviderConnection, Target } from './config-snapshot.js';
import { compileAccess } from './compile-access.js';
import { compileHealthCheck, compileHedge, compileRouteRules } from './compile-routing.js';
import type { RawHealthCheck } from './routing-schema.js';
import type { RawModel } from './schema.js';
import type { RawProvider, ValidatedConfig } from './validate-config.js';
import { compileAlerts, compileObservability } from './compile-observability.js';

/** Provider fields that are credentials: wrapped in Secret, redacted everywhere. */
const SECRET_FIELDS = new Set(['api_key', 'client_secret', 'secret_access_key', 'session_token', 'credentials_json']);
const CONNECTION_FIELDS = new Set(['type', 'base_url', 'api_key', 'timeout_ms', 'headers', 'max_connections', 'stream_usage', 'health_check']);

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !(value instanceof Secret) && !(value instanceof RegExp) && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const item of Object.values(value)) deepFreeze(item);
  }
  return value;
}

function compileProvider(name: string, raw: RawProvider): ProviderConnection {
  const options: Record<string, string | Secret> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (CONNECTION_FIELDS.has(key) || typeof value !== 'string') continue;
    options[key] = SECRET_FIELDS.has(key) ? new Secret(value) : value;
  }
  return {
    name,
    type: raw.type,
    baseUrl: typeof raw.base_url === 'string' ? raw.base_url.replace(/\/+$/, '') : undefined,
    apiKey: typeof raw.api_key === 'string' ? new Secret(raw.api_key) : undefined,
    timeoutMs: typeof raw.timeout_ms === 'number' ? raw.timeout_ms : undefined,
    headers: (raw.headers as Record<string, string> | undefined) ?? {},
    maxConnections: typeof raw.max_connections === 'number' ? raw.max_connections : undefined,
    streamUsage: raw.stream_usage !== false,
    options,
    healthCheck: compileHealthCheck(raw.health_check as RawHealthCheck | undefined),
  };
}

function compileModel(name: string, raw: RawModel): ModelRoute {
  const targets: Target[] = raw.targets.map((target) => {
    const hasPrice =
      target.input_cost_per_mtok !== undefined || target.output_cost_per_mtok !== undefined || target.cached_input_cost_per_mtok !== undefined;
    return {
      provider: target.provider,
      model: target.model,
      weight: target.weight,
      maxOutputTokens: target.max_output_tokens,
      rpm: target.rpm,
      tpm: target.tpm,
      region: target.region,
      tags: target.tags,
      price: hasPrice
        ? { inputPerMtok: target.input_cost_per_mtok, outputPerMtok: target.output_cost_per_mtok, cachedInputPerMtok: target.cached_input_cost_per_mtok }
        : undefined,
    };
  });
  return {
    name,
    targets,
    strategy: raw.strategy,
    fallbacks: raw.fallbacks,
    contextFallbacks: raw.context_fallbacks,
    contentFallbacks: raw.content_fallbacks,
    split: raw.split,
    sticky: raw.sticky,
    hedge: compileHedge(raw.hedge),
    limits:
      raw.rpm_limit === undefined && raw.tpm_limit === undefined && raw.max_parallel === undefined
        ? undefined
        : { rpm: raw.rpm_limit, tpm: raw.tpm_limit, maxParallel: raw.max_parallel },
    strict: raw.strict,
    retry: { retries: raw.retries, backoffBaseMs: raw.backoff.base_ms, backoffMaxMs: raw.backoff.max_ms, retryAfterCapMs: raw.retry_after_cap_ms },
    timeouts: { totalMs: raw.timeout_ms, firstByteMs: raw.first_byte_timeout_ms, streamIdleMs: raw.stream_idle_timeout_ms },
    circuitBreaker:
      raw.circuit_breaker === false
        ? undefined
        : { failures: raw.circuit_breaker.failures, windowMs: raw.circuit_breaker.window_ms, cooldownMs: raw.circuit_breaker.cooldown_ms },
  };
}

function redact(value: unknown, key = ''): unknown {
  if (SECRET_FIELDS.has(key) || key === 'master_key') return '[redacted]';
  // Webhook URLs carry their own tokens (Slack's do): only the origin is shown.
  if (key === 'alert_webhooks' && Array.isArray(value)) return value.map((url) => `${new URL(String(url)).origin}/[redacted]`);
  if (key === 'url' && typeof value === 'string') return `${new URL(value).origin}/[redacted]`;
  if ((key === 'headers' || key === 'otlp_headers') && value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.keys(value).map((name) => [name, '[redacted]']));
  }
  if (Array.isArray(value)) return value.map((item) => redact(item));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([name, item]) => [name, redact(item, name)]));
  }
  return value;
}

/** Turns a validated config into the immutable snapshot requests read. */
export function compileSnapshot(validated: ValidatedConfig, meta: { version: number; source: string; loadedAt: number }): ConfigSnapshot {
  const { config } = validated;
  const providers = new Map<string, ProviderConnection>();
  for (const [name, raw] of validated.providers) providers.set(name, compileProvider(name, raw));
  const models = new Map<string, ModelRoute>();
  for (const [name, raw] of Object.entries(config.models)) models.set(name, compileModel(name, raw));
  const masterKey = config.auth.master_key;
  const snapshot: ConfigSnapshot = {
    ...meta,
    server: {
      host: config.server.host,
      port: config.server.port,
      drainTimeoutMs: config.server.drain_timeout_ms,
      maxBodyBytes: config.server.max_body_bytes,
      headersTimeoutMs: config.server.headers_timeout_ms,
      requestTimeoutMs: config.server.request_timeout_ms,
      keepAliveTimeoutMs: config.server.keep_alive_timeout_ms,
      idleTimeoutMs: config.server.idle_timeout_ms,
      trustedProxies: Object.freeze([...config.server.trusted_proxies]),
    },
    storage: { database: config.storage.database, redis: config.storage.redis },
    masterKey: masterKey ? new Secret(masterKey) : undefined,
    access: compileAccess(config),
    requestLog: {
      batchSize: config.request_log.batch_size,
      flushIntervalMs: config.request_log.flush_interval_ms,
      maxQueue: config.request_log.max_queue,
    },
    observability: compileObservability(config.observability),
    alerts: compileAlerts(config.alerts),
    providers,
    models,
    routes: compileRouteRules(config.routes),
    redacted: redact({ ...config, providers: Object.fromEntries(validated.providers) }) as Record<string, unknown>,
  };
  // Maps are frozen by reference only; nothing hands out a mutating path to them.
  return deepFreeze(snapshot);
}
