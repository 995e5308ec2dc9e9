import type { ChatStreamEvent } from '../../core/chat-stream-event.js';
import { publishRequestEnd } from '../../core/events.js';
import { elapsedMs } from '../../core/clock.js';
import type { GatewayError } from '../../core/errors.js';
import { toGatewayError } from '../../core/errors.js';
import type { RequestRecord } from '../../core/request-record.js';
import { formatWarning } from '../../core/warning.js';
import type { GatewayContext, GatewayResult, Stage } from '../gateway-context.js';
import { computeRequestCost } from './compute-request-cost.js';
import { answerText, buildPayload, StreamCollector } from './payload-capture.js';
import { WatchedStream } from './watched-stream.js';

const CLIENT_CLOSED = 499;

function buildRecord(context: GatewayContext, status: number, error: GatewayError | undefined, ttfbAt: number | undefined, answer: string | undefined): RequestRecord {
  const { outcome, plan } = context;
  const firstByte = ttfbAt ?? outcome.firstByteAt;
  return {
    requestId: context.requestId,
    createdAt: context.createdAt,
    endpoint: context.endpoint,
    keyId: context.principal?.keyId,
    teamId: context.principal?.teamId,
    userId: context.principal?.userId,
    requestedModel: context.requestedModel === '' ? undefined : context.requestedModel,
    routedModel: plan && plan.routedModel !== plan.requestedModel ? plan.routedModel : undefined,
    routeRule: plan?.rule,
    splitArm: plan?.splitArm,
    provider: outcome.provider,
    deploymentModel: outcome.deploymentModel,
    status,
    errorKind: error?.kind ?? (outcome.streamError !== undefined ? 'upstream' : undefined),
    errorMessage: error?.message ?? outcome.streamError,
    latencyMs: elapsedMs(context.startedAt, context.clock.monotonic()),
    ttfbMs: firstByte === undefined ? undefined : elapsedMs(context.startedAt, firstByte),
    inputTokens: outcome.usage?.inputTokens,
    outputTokens: outcome.usage?.outputTokens,
    cachedTokens: outcome.usage?.cachedInputTokens,
    reasoningTokens: outcome.usage?.reasoningTokens,
    costMicros: outcome.costMicros,
    costFlags: outcome.costFlags ?? [],
    attempts: context.attempts,
    cache: 'off',
    stream: context.stream,
    clientIp: context.clientIp,
    tags: [...context.tags],
    traceId: context.traceId,
    spanId: context.trace?.spanId,
    parentSpanId: context.trace?.parentSpanId,
    warnings: context.warnings.map(formatWarning),
    payload: context.capturePayload && buildPayload(context.body, answer, context.capturePayload.maxBytes),
  };
}

/** Ends the request's record: cost from the usage known so far, then one published row. */
export function finishRequest(context: GatewayContext, status: number, error?: unknown, ttfbAt?: number, answer?: string): void {
  if (context.outcome.provider !== undefined) {
    const cost = computeRequestCost(context.outcome);
    context.outcome.costMicros = cost.micros;
    context.outcome.costFlags = cost.flags;
  }
  const gatewayError = error === undefined ? undefined : toGatewayError(error);
  const finalStatus = context.cancellation.aborted ? CLIENT_CLOSED : status;
  publishRequestEnd(buildRecord(context, finalStatus, gatewayError, ttfbAt, answer));
}

function observeStream<T extends ChatStreamEvent | string>(source: AsyncIterable<T>, context: GatewayContext): AsyncIterable<T> {
  let firstChunkAt: number | undefined;
  const collector = context.capturePayload && new StreamCollector(context.capturePayload.maxBytes);
  return WatchedStream.watch(source, {
    onItem(item) {
      firstChunkAt ??= context.clock.monotonic();
      collector?.push(item);
    },
    // On completion, on failure and when the caller stops reading (disconnect).
    onEnd(failure) {
      finishRequest(context, 200, failure, firstChunkAt, collector?.text);
    },
  });
}

/**
 * Outermost stage: times the request and publishes its record when it ends, whether it
 * succeeded, failed, or the caller left. Streams are recorded when they end, not when
 * they start, so their usage and cost are in the row.
 */
export const observeStage: Stage = {
  name: 'observe',
  // Not async: one `then` instead of an async function's own promise and await.
  run(context, next) {
    let pending: Promise<GatewayResult>;
    try {
      pending = next();
    } catch (error) {
      return Promise.reject(recordFailure(context, error));
    }
    return pending.then(
      (result) => observeResult(context, result),
      (error: unknown) => {
        throw recordFailure(context, error);
      },
    );
  },
};

function recordFailure(context: GatewayContext, error: unknown): unknown {
  finishRequest(context, toGatewayError(error).status, error);
  return error;
}

function observeResult(context: GatewayContext, result: GatewayResult): GatewayResult {
  if (result.kind === 'chat-stream') return { ...result, events: observeStream(result.events, context) };
  if (result.kind === 'raw-stream') return { ...result, chunks: observeStream(result.chunks, context) };
  finishRequest(context, result.kind === 'raw' ? result.status : 200, undefined, undefined, context.capturePayload && answerText(result));
  return result;
}
