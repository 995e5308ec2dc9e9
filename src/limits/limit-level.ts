import type { BudgetPeriod } from '../core/access-policy.js';

/**
 * One level whose limits a request counts against: the caller's key, user and team, and
 * the model itself. Each level has its own counters; a request must fit all of them,
 * which makes the effective limit the tightest.
 */
export interface LimitLevel {
  scope: 'key' | 'user' | 'team' | 'model';
  id: string;
  rpm?: number | undefined;
  tpm?: number | undefined;
  maxParallel?: number | undefined;
  budgetMicros?: number | undefined;
  budgetPeriod?: BudgetPeriod | undefined;
}

/** The counter name of one level's limit kind: `rpm:key:key_123`. */
export function counterKey(kind: 'rpm' | 'tpm' | 'parallel' | 'budget', level: LimitLevel): string {
  return `${kind}:${level.scope}:${level.id}`;
}

/** Whether any level has a limit at all (most requests on most configs: no). */
export function hasAnyLimit(levels: readonly LimitLevel[]): boolean {
  return levels.some((level) => level.rpm !== undefined || level.tpm !== undefined || level.maxParallel !== undefined || level.budgetMicros !== undefined);
}
