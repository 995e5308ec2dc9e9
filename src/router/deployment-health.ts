import type { ConfigSnapshot } from '../config/index.js';
import type { CircuitBreakers, CircuitState } from './circuit-breaker.js';
import { deploymentKey } from './deployment-stats.js';
import type { DeploymentStatsView } from './deployment-stats.js';

/** One configured deployment's live state, as `GET /admin/health` lists it. */
export interface DeploymentHealth {
  /** `<provider connection>/<model>`, the key its statistics and breaker share. */
  readonly deployment: string;
  readonly provider: string;
  readonly model: string;
  /** The model names routing to it. */
  readonly models: readonly string[];
  /** `disabled` when every model routing to it turned its breaker off. */
  readonly state: CircuitState | 'disabled';
  readonly failuresInWindow: number;
  /** Epoch ms at which an open breaker lets a probe through. */
  readonly openUntil: number | undefined;
  readonly ttfbMs: number | undefined;
  readonly inFlight: number;
}

/**
 * Every deployment the config routes to, with its breaker and statistics. `now` and
 * `monotonic` turn the breaker's monotonic open-until into wall-clock time.
 */
export function deploymentHealth(
  snapshot: ConfigSnapshot,
  breakers: CircuitBreakers,
  stats: DeploymentStatsView,
  clock: { now(): number; monotonic(): number },
): DeploymentHealth[] {
  const byKey = new Map<string, { provider: string; model: string; models: string[]; windowMs: number | undefined }>();
  for (const route of snapshot.models.values()) {
    for (const target of route.targets) {
      const key = deploymentKey(target);
      const entry = byKey.get(key) ?? { provider: target.provider, model: target.model, models: [], windowMs: undefined };
      if (!entry.models.includes(route.name)) entry.models.push(route.name);
      entry.windowMs ??= route.circuitBreaker?.windowMs;
      byKey.set(key, entry);
    }
  }
  const offset = clock.now() - clock.monotonic();
  return [...byKey].map(([key, entry]) => {
    const report = entry.windowMs === undefined ? undefined : breakers.report(key, entry.windowMs);
    return {
      deployment: key,
      provider: entry.provider,
      model: entry.model,
      models: entry.models,
      state: report?.state ?? 'disabled',
      failuresInWindow: report?.failuresInWindow ?? 0,
      openUntil: report?.openUntil === undefined ? undefined : Math.round(report.openUntil + offset),
      ttfbMs: stats.ttfbMs(key),
      inFlight: stats.inFlight(key),
    };
  });
}
