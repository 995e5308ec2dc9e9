import type { HealthCheckSettings, HedgeSettings, RouteRule } from './routing-settings.js';
import type { RawHealthCheck, RawHedge, RawRouteRule } from './routing-schema.js';

/** `routes:` entries as requests read them: regexes compiled, keywords lower-cased. */
export function compileRouteRules(rules: readonly RawRouteRule[]): RouteRule[] {
  return rules.map((rule, index) => {
    const raw = rule.match;
    const match = {
      models: raw.models,
      minPromptTokens: raw.min_prompt_tokens,
      maxPromptTokens: raw.max_prompt_tokens,
      pattern: raw.pattern === undefined ? undefined : new RegExp(raw.pattern, 'iu'),
      keywords: raw.keywords?.map((keyword) => keyword.toLowerCase()),
      hasTools: raw.has_tools,
      hasImages: raw.has_images,
      tags: raw.tags,
      keys: raw.keys,
      teams: raw.teams,
      users: raw.users,
      metadata: raw.metadata,
    };
    // Absent conditions are left out, so a matcher can tell "not set" by `in`-free reads.
    const defined = Object.fromEntries(Object.entries(match).filter(([, value]) => value !== undefined));
    return { name: rule.name ?? `routes[${index}]`, match: defined, model: rule.model };
  });
}

export function compileHedge(raw: RawHedge): HedgeSettings | undefined {
  if (raw === false) return undefined;
  return { delayMs: 'delay_ms' in raw ? raw.delay_ms : undefined, initialDelayMs: raw.initial_delay_ms };
}

export function compileHealthCheck(raw: RawHealthCheck | undefined): HealthCheckSettings | undefined {
  return raw && { intervalMs: raw.interval_s * 1000, model: raw.model, timeoutMs: raw.timeout_ms };
}
