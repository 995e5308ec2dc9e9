import type { RequestRecord } from '../core/request-record.js';
import type { RequestLogEntry } from './contract/request-log-entry.js';

/** A stored record as the admin API (and the log export) shows it; `payload` only when one was kept and read. */
export function encodeRequestLogEntry(record: RequestRecord): RequestLogEntry {
  return {
    request_id: record.requestId,
    created_at: new Date(record.createdAt).toISOString(),
    endpoint: record.endpoint,
    key_id: record.keyId ?? null,
    team_id: record.teamId ?? null,
    user_id: record.userId ?? null,
    model: record.requestedModel ?? null,
    routed_model: record.routedModel ?? null,
    route_rule: record.routeRule ?? null,
    split_arm: record.splitArm ?? null,
    provider: record.provider ?? null,
    deployment_model: record.deploymentModel ?? null,
    status: record.status,
    error_kind: record.errorKind ?? null,
    error_message: record.errorMessage ?? null,
    latency_ms: record.latencyMs,
    ttfb_ms: record.ttfbMs ?? null,
    input_tokens: record.inputTokens ?? null,
    output_tokens: record.outputTokens ?? null,
    cached_tokens: record.cachedTokens ?? null,
    reasoning_tokens: record.reasoningTokens ?? null,
    cost_usd: record.costMicros === undefined ? null : record.costMicros / 1_000_000,
    cost_flags: record.costFlags,
    attempts: record.attempts.length,
    attempts_detail: record.attempts.map((attempt) => ({
      provider: attempt.provider,
      model: attempt.model,
      status: attempt.status ?? null,
      error_kind: attempt.errorKind ?? null,
      latency_ms: attempt.latencyMs,
    })),
    cache: record.cache,
    stream: record.stream,
    client_ip: record.clientIp ?? null,
    tags: record.tags,
    trace_id: record.traceId ?? null,
    warnings: record.warnings,
    ...(record.payload && { payload: { request: record.payload.request ?? null, response: record.payload.response ?? null, truncated: record.payload.truncated } }),
  };
}
