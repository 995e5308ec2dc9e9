import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ConfigSnapshot } from '../../config/index.js';
import { beginRequestTrace } from '../../core/trace-context.js';
import { Cancellation } from '../../core/cancellation.js';
import type { Clock } from '../../core/clock.js';
import { GatewayError, toGatewayError } from '../../core/errors.js';
import type { Warning } from '../../core/warning.js';
import type { SurfaceResponseOptions } from '../../dialects/surface.js';
import { createOutcome, finishRequest } from '../../pipeline/index.js';
import type { GatewayContext, GatewayResult, GatewaySurface, Operation } from '../../pipeline/index.js';
import { sendErrorBody } from '../error-response.js';
import { readJsonBody } from '../read-json-body.js';
import { readRequestMetadata } from '../read-request-metadata.js';
import { writeGatewayResult } from '../write-gateway-result.js';

export interface DataPlaneDependencies {
  snapshot: () => ConfigSnapshot;
  pipeline: (context: GatewayContext) => Promise<GatewayResult>;
  clock: Clock;
}

/** The API clients speak on a path: its codecs, and per-request options for encoding answers. */
export interface DataPlaneSurface {
  /** Decodes the path's requests, encodes answers and errors. */
  surface: GatewaySurface;
  /** Options for encoding one answer (a stored Responses turn's id, the echo). */
  answerOptions?: (context: GatewayContext) => Partial<SurfaceResponseOptions>;
}

export interface DataPlaneEndpoint {
  operation: Operation;
  /** The API path, for the log. */
  path: string;
  /** The API, or a loader that imports its codecs on the path's first request. */
  api: DataPlaneSurface | (() => Promise<DataPlaneSurface>);
}

const EMPTY_BODY: Record<string, unknown> = Object.freeze({});

function readEnvelope(body: Record<string, unknown>): { model: string; stream: boolean; wantsUsage: boolean } {
  const { model, stream } = body;
  if (typeof model !== 'string' || model.trim() === '') {
    throw new GatewayError('GW_INVALID_REQUEST', 'model: required, a non-empty string', { param: 'model' });
  }
  if (stream !== undefined && stream !== null && typeof stream !== 'boolean') {
    throw new GatewayError('GW_INVALID_REQUEST', 'stream: expected a boolean', { param: 'stream' });
  }
  const options = body.stream_options as { include_usage?: unknown } | null | undefined;
  return { model, stream: stream === true, wantsUsage: stream === true && options?.include_usage === true };
}

/** A data-plane POST (chat completions, embeddings, messages, responses): the request's edge, in and out. */
export function createDataPlaneRoute(endpoint: DataPlaneEndpoint, dependencies: DataPlaneDependencies) {
  const { operation, path } = endpoint;
  let loaded = typeof endpoint.api === 'function' ? undefined : endpoint.api;

  return async function dataPlaneRoute(request: IncomingMessage, response: ServerResponse, requestId: string): Promise<void> {
    if (!loaded && typeof endpoint.api === 'function') loaded = await endpoint.api();
    const { surface, answerOptions } = loaded!;
    const snapshot = dependencies.snapshot();
    const { clock } = dependencies;
    const cancellation = new Cancellation();
    response.on('close', () => {
      if (!response.writableFinished) cancellation.cancel();
    });
    const warnings: Warning[] = [];
    const metadata = readRequestMetadata(request, snapshot.server, warnings);
    const traceparent = request.headers.traceparent;
    const trace = traceparent === undefined && snapshot.observability.tracing === undefined
      ? undefined
      : beginRequestTrace(typeof traceparent === 'string' ? traceparent : undefined, snapshot.observability.tracing?.sampleRatio, Math.random);
    // Every field is present from the start so the object keeps one shape through the stages.
    const context: GatewayContext = {
      requestId,
      operation,
      endpoint: path,
      cancellation,
      snapshot,
      clock,
      createdAt: clock.now(),
      startedAt: clock.monotonic(),
      headers: request.headers,
      clientIp: metadata.clientIp,
      tags: metadata.tags,
      traceId: trace?.traceId ?? metadata.traceId,
      trace,
      capturePayload: undefined,
      surface,
      body: EMPTY_BODY,
      requestedModel: '',
      stream: false,
      clientWantsStreamUsage: false,
      request: undefined,
      passthroughOnly: undefined,
      principal: undefined,
      plan: undefined,
      attempts: [],
      warnings,
      outcome: createOutcome(),
    };
    try {
      const body = await readJsonBody(request, snapshot.server.maxBodyBytes);
      const envelope = readEnvelope(body);
      context.body = body;
      context.requestedModel = envelope.model;
      context.stream = envelope.stream;
      context.clientWantsStreamUsage = envelope.wantsUsage;
    } catch (caught) {
      const error = toGatewayError(caught);
      finishRequest(context, error.status, error);
      // The unread rest of an oversized body would be parsed as the next request.
      if (error.status === 413) response.setHeader('connection', 'close');
      sendErrorBody(response, error, requestId, surface.encodeError(error));
      return;
    }
    try {
      const result = await dependencies.pipeline(context);
      // Only streams are written asynchronously; awaiting nothing would still cost a tick.
      const writing = writeGatewayResult(response, context, result, answerOptions?.(context));
      if (writing) await writing;
    } catch (error) {
      if (response.destroyed) return;
      const gatewayError = toGatewayError(error);
      sendErrorBody(response, gatewayError, requestId, surface.encodeError(gatewayError));
    }
  };
}
