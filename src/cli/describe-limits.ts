import type { JsonObject } from './admin-client.js';
import { formatValue } from './format-value.js';

/** The limits of a key, user or team in one cell: `rpm=60 budget=$25/monthly models=a,b`, `-` for none. */
export function describeLimits(record: JsonObject): string {
  const parts: string[] = [];
  const add = (label: string, value: unknown) => {
    if (value !== undefined && value !== null && !(Array.isArray(value) && value.length === 0)) parts.push(`${label}=${formatValue(value)}`);
  };
  add('rpm', record.rpm_limit);
  add('tpm', record.tpm_limit);
  add('parallel', record.max_parallel);
  if (typeof record.budget_usd === 'number') parts.push(`budget=$${record.budget_usd}/${formatValue(record.budget_period ?? 'total')}`);
  add('models', record.models);
  add('regions', record.allowed_regions);
  add('ip_allow', record.ip_allow);
  add('ip_deny', record.ip_deny);
  return parts.length === 0 ? '-' : parts.join(' ');
}
