import { randomBytes } from 'node:crypto';

/** A W3C Trace Context position (https://www.w3.org/TR/trace-context/): lower-case hex ids. */
export interface TraceContext {
  /** 32 hex digits, never all zeros. */
  traceId: string;
  /** The parent span's 16 hex digits, never all zeros. */
  spanId: string;
  /** Bit 0 set: the caller sampled this trace. */
  sampled: boolean;
}

const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(?:-.*)?$/;
const ZERO_TRACE = '0'.repeat(32);
const ZERO_SPAN = '0'.repeat(16);

/**
 * Reads a `traceparent` header; anything malformed is ignored (undefined), as the spec
 * asks: a bad header starts a new trace rather than failing the request. Version ff is
 * invalid; later versions are read by their first four fields.
 */
export function parseTraceparent(header: string | undefined): TraceContext | undefined {
  if (header === undefined || header.length > 512) return undefined;
  const match = TRACEPARENT.exec(header.trim());
  if (!match) return undefined;
  const [, version, traceId, spanId, flags] = match as unknown as [string, string, string, string, string];
  if (version === 'ff' || (version === '00' && header.trim().length !== 55)) return undefined;
  if (traceId === ZERO_TRACE || spanId === ZERO_SPAN) return undefined;
  return { traceId, spanId, sampled: (Number.parseInt(flags, 16) & 1) === 1 };
}

/** The `traceparent` header for a call made from span `spanId` of `traceId`. */
export function formatTraceparent(traceId: string, spanId: string, sampled: boolean): string {
  return `00-${traceId}-${spanId}-${sampled ? '01' : '00'}`;
}

export function newTraceId(): string {
  return randomBytes(16).toString('hex');
}

export function newSpanId(): string {
  return randomBytes(8).toString('hex');
}

/** How one request takes part in tracing. */
export interface RequestTrace {
  traceId: string;
  /** The gateway's span for this request; undefined when the request is not sampled. */
  spanId: string | undefined;
  /** The caller's span (from its `traceparent`), when it sent one. */
  parentSpanId: string | undefined;
  /**
   * Sent upstream when no attempt span is made (not sampled): the caller's own header,
   * so a trace the gateway does not record still joins up downstream.
   */
  forwardTraceparent: string | undefined;
}

/**
 * Decides a request's trace: parent-based sampling (a caller's sampled flag is followed),
 * otherwise `sampleRatio` of new traces. `sampleRatio` undefined means tracing is off:
 * then only the caller's header is forwarded. Undefined when there is nothing to do.
 */
export function beginRequestTrace(traceparent: string | undefined, sampleRatio: number | undefined, random: () => number): RequestTrace | undefined {
  const parent = parseTraceparent(traceparent);
  const sampled = sampleRatio !== undefined && (parent ? parent.sampled : random() < sampleRatio);
  if (!sampled) {
    return parent && { traceId: parent.traceId, spanId: undefined, parentSpanId: parent.spanId, forwardTraceparent: formatTraceparent(parent.traceId, parent.spanId, parent.sampled) };
  }
  return { traceId: parent?.traceId ?? newTraceId(), spanId: newSpanId(), parentSpanId: parent?.spanId, forwardTraceparent: undefined };
}
