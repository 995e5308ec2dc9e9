import { SpanKind, SpanStatusCode, TraceFlags } from '@opentelemetry/api';
import type { Attributes, HrTime, SpanContext } from '@opentelemetry/api';
import type { InstrumentationScope } from '@opentelemetry/core';
import type { Resource } from '@opentelemetry/resources';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import type { AttemptRecord, RequestRecord } from '../../core/request-record.js';

/** `gen_ai.system` values of the GenAI semantic conventions, by provider type; other types name themselves. */
const GEN_AI_SYSTEMS: Readonly<Record<string, string>> = {
  'azure-openai': 'azure.ai.openai',
  gemini: 'gcp.gemini',
  vertex: 'gcp.vertex_ai',
  bedrock: 'aws.bedrock',
  mistral: 'mistral_ai',
};

export function genAiSystem(providerType: string): string {
  return GEN_AI_SYSTEMS[providerType] ?? providerType;
}

/** What span building needs besides the record. */
export interface SpanSetting {
  resource: Resource;
  scope: InstrumentationScope;
  /** The provider type of a connection name (`up` → `openai`), for `gen_ai.system`. */
  providerType: (connection: string) => string | undefined;
}

function hrTime(epochMs: number): HrTime {
  const seconds = Math.floor(epochMs / 1000);
  return [seconds, Math.round((epochMs - seconds * 1000) * 1e6)];
}

function operationOf(endpoint: string): string {
  return endpoint === '/v1/embeddings' ? 'embeddings' : 'chat';
}

function context(traceId: string, spanId: string): SpanContext {
  return { traceId, spanId, traceFlags: TraceFlags.SAMPLED, isRemote: false };
}

function put(attributes: Attributes, name: string, value: string | number | undefined): void {
  if (value !== undefined) attributes[name] = value;
}

function span(setting: SpanSetting, fields: { name: string; kind: SpanKind; self: SpanContext; parent: SpanContext | undefined; startMs: number; durationMs: number; attributes: Attributes; failed: string | undefined }): ReadableSpan {
  const duration = Math.max(0, fields.durationMs);
  return {
    name: fields.name,
    kind: fields.kind,
    spanContext: () => fields.self,
    ...(fields.parent && { parentSpanContext: fields.parent }),
    startTime: hrTime(fields.startMs),
    endTime: hrTime(fields.startMs + duration),
    duration: hrTime(duration),
    status: fields.failed === undefined ? { code: SpanStatusCode.UNSET } : { code: SpanStatusCode.ERROR, message: fields.failed },
    attributes: fields.attributes,
    links: [],
    events: [],
    ended: true,
    resource: setting.resource,
    instrumentationScope: setting.scope,
    droppedAttributesCount: 0,
    droppedEventsCount: 0,
    droppedLinksCount: 0,
  };
}

function attemptSpan(record: RequestRecord, attempt: AttemptRecord & { spanId: string }, parent: SpanContext, setting: SpanSetting): ReadableSpan {
  const attributes: Attributes = { 'gen_ai.operation.name': operationOf(record.endpoint), 'gen_ai.request.model': attempt.model, 'switchyard.provider': attempt.provider };
  const type = setting.providerType(attempt.provider);
  if (type !== undefined) attributes['gen_ai.system'] = attributes['gen_ai.provider.name'] = genAiSystem(type);
  put(attributes, 'http.response.status_code', attempt.status);
  put(attributes, 'error.type', attempt.errorKind);
  return span(setting, {
    name: `${operationOf(record.endpoint)} ${attempt.model}`,
    kind: SpanKind.CLIENT,
    self: context(record.traceId!, attempt.spanId),
    parent,
    startMs: record.createdAt + (attempt.startOffsetMs ?? 0),
    durationMs: attempt.latencyMs,
    attributes,
    failed: attempt.errorKind,
  });
}

/**
 * The spans of one finished request, built after the fact from its record (ids included,
 * so they match the `traceparent` sent upstream): a SERVER span for the request, child of
 * the caller's span when it sent one, and a CLIENT span per attempt. Attribute names follow
 * the OpenTelemetry GenAI semantic conventions. Empty when the request was not sampled.
 */
export function buildRequestSpans(record: RequestRecord, setting: SpanSetting): ReadableSpan[] {
  if (record.traceId === undefined || record.spanId === undefined) return [];
  const operation = operationOf(record.endpoint);
  const attributes: Attributes = {
    'gen_ai.operation.name': operation,
    'http.request.method': 'POST',
    'http.route': record.endpoint,
    'http.response.status_code': record.status,
    'switchyard.request_id': record.requestId,
    'switchyard.attempts': record.attempts.length,
  };
  const type = record.provider === undefined ? undefined : setting.providerType(record.provider);
  if (type !== undefined) attributes['gen_ai.system'] = attributes['gen_ai.provider.name'] = genAiSystem(type);
  put(attributes, 'gen_ai.request.model', record.requestedModel);
  put(attributes, 'gen_ai.response.model', record.deploymentModel);
  put(attributes, 'gen_ai.usage.input_tokens', record.inputTokens);
  put(attributes, 'gen_ai.usage.output_tokens', record.outputTokens);
  put(attributes, 'switchyard.provider', record.provider);
  put(attributes, 'switchyard.key_id', record.keyId);
  put(attributes, 'switchyard.team_id', record.teamId);
  put(attributes, 'switchyard.route_rule', record.routeRule);
  put(attributes, 'switchyard.cost_usd', record.costMicros === undefined ? undefined : record.costMicros / 1e6);
  const failed = record.status >= 400 ? (record.errorKind ?? `HTTP ${record.status}`) : undefined;
  put(attributes, 'error.type', failed === undefined ? undefined : (record.errorKind ?? String(record.status)));
  const self = context(record.traceId, record.spanId);
  const parent = record.parentSpanId === undefined ? undefined : { ...context(record.traceId, record.parentSpanId), isRemote: true };
  const server = span(setting, { name: `${operation} ${record.requestedModel ?? 'unknown'}`, kind: SpanKind.SERVER, self, parent, startMs: record.createdAt, durationMs: record.latencyMs, attributes, failed });
  const attempts = record.attempts.filter((attempt): attempt is AttemptRecord & { spanId: string } => attempt.spanId !== undefined);
  return [server, ...attempts.map((attempt) => attemptSpan(record, attempt, self, setting))];
}
