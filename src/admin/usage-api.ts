import { GatewayError } from '../core/errors.js';
import type { RequestLogStore, UsageGroupBy, UsageRow } from '../storage/ports.js';
import type { UsageReport, UsageReportEntry } from './contract/usage-report.js';
import { parseAdminTime } from './parse-admin-time.js';

const GROUP_BY: readonly UsageGroupBy[] = ['key', 'team', 'user', 'model', 'provider', 'day'];

function parseGroupBy(value: string | null): UsageGroupBy {
  const found = GROUP_BY.find((name) => name === value);
  if (found === undefined) throw new GatewayError('GW_INVALID_REQUEST', `group_by: expected one of ${GROUP_BY.join(', ')}`, { param: 'group_by' });
  return found;
}

function encodeUsageRow(groupBy: UsageGroupBy, row: UsageRow): UsageReportEntry {
  return {
    [groupBy]: row.group,
    requests: row.requests,
    input_tokens: row.inputTokens,
    output_tokens: row.outputTokens,
    cost_usd: row.costMicros / 1_000_000,
    cost_unknown_requests: row.unknownCost,
  };
}

const isoOrNull = (time: number | undefined): string | null => (time === undefined ? null : new Date(time).toISOString());

/**
 * `GET /admin/usage?group_by=key|team|user|model|provider|day&from=&to=`: requests,
 * tokens and cost per group over the request log. The caller flushes queued log rows
 * first, so a request just answered is counted.
 */
export async function handleUsage(query: URLSearchParams, store: RequestLogStore): Promise<{ status: number; body: UsageReport }> {
  const groupBy = parseGroupBy(query.get('group_by'));
  const from = parseAdminTime('from', query.get('from'));
  const to = parseAdminTime('to', query.get('to'));
  if (from !== undefined && to !== undefined && from > to) throw new GatewayError('GW_INVALID_REQUEST', 'from: must not be after to', { param: 'from' });
  const rows = await store.usage({ groupBy, from, to });
  return {
    status: 200,
    body: { object: 'list', group_by: groupBy, from: isoOrNull(from), to: isoOrNull(to), data: rows.map((row) => encodeUsageRow(groupBy, row)) },
  };
}
