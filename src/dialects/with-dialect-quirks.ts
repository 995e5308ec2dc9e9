import type { UpstreamFrame } from '../core/upstream-frame.js';
import type { Warning } from '../core/warning.js';
import type { Dialect, StreamDecoder } from './dialect.js';
import type { PassthroughCodec, StreamTap } from './passthrough.js';

/** What an `encodeBody` quirk knows about the call it rewrites. */
export interface QuirkContext {
  /** The provider's own model name; some quirks apply to reasoning models only. */
  readonly model: string;
  /**
   * Where a quirk records what it could not send. On the passthrough path the codec
   * contract has no warning channel yet, so they are collected and not reported.
   */
  readonly warnings: Warning[];
}

/**
 * Small pure deltas a vendor applies on top of a shared dialect. Each must accept any
 * input (response bodies and frames are untrusted) and return it unchanged when the
 * quirk does not apply; none may throw. Every quirk function carries a one-line why and
 * a link to the vendor's documentation where it is written.
 */
export interface DialectQuirks {
  /** Rewrites an encoded (or passthrough) request body before it is sent. */
  encodeBody?(body: Record<string, unknown>, context: QuirkContext): Record<string, unknown>;
  /** Rewrites a complete response body (parsed JSON, untrusted) before it is decoded. */
  decodeBody?(body: unknown): unknown;
  /** Rewrites one streamed frame before the stream decoder (or passthrough tap) reads it. */
  decodeFrame?(frame: UpstreamFrame): UpstreamFrame;
}

/**
 * A dialect with a vendor's quirks applied: after encoding a request body, before
 * decoding a response body and on every stream frame. Errors are decoded by the
 * dialect unchanged. A quirk that throws despite its contract is skipped (the unmodified
 * value goes on), so the dialect's own never-throw guarantees still hold.
 */
export function withDialectQuirks(dialect: Dialect, quirks: DialectQuirks): Dialect {
  const wrapped: Dialect = {
    id: dialect.id,
    encodeRequest(request, target) {
      const encoded = dialect.encodeRequest(request, target);
      if (!quirks.encodeBody) return encoded;
      const warnings = [...encoded.warnings];
      const body = quirks.encodeBody(encoded.body, { model: target.model, warnings });
      return { ...encoded, body, warnings };
    },
    decodeResponse(body) {
      return dialect.decodeResponse(applyBodyQuirk(quirks, body));
    },
    createStreamDecoder() {
      const decoder = dialect.createStreamDecoder();
      if (!quirks.decodeFrame) return decoder;
      const quirked: StreamDecoder = {
        push: (frame) => decoder.push(applyFrameQuirk(quirks, frame)),
        end: () => decoder.end(),
      };
      return quirked;
    },
    decodeError: (input) => dialect.decodeError(input),
  };
  if (dialect.streamFraming !== undefined) return { ...wrapped, streamFraming: dialect.streamFraming };
  return wrapped;
}

/**
 * A passthrough codec with the same quirks: the body quirk runs after the codec has
 * rewritten the model (and asked for stream usage), the body and frame quirks run on
 * what the usage reader and stream tap see. The bytes forwarded to the caller stay the
 * upstream's own.
 */
export function withPassthroughQuirks(codec: PassthroughCodec, quirks: DialectQuirks): PassthroughCodec {
  const wrapped: PassthroughCodec = {
    ...codec,
    prepareBody(body, options) {
      const prepared = codec.prepareBody(body, options);
      return quirks.encodeBody ? quirks.encodeBody(prepared, { model: options.model, warnings: options.warnings ?? [] }) : prepared;
    },
    readUsage(bodyText) {
      if (!quirks.decodeBody) return codec.readUsage(bodyText);
      let parsed: unknown;
      try {
        parsed = JSON.parse(bodyText);
      } catch {
        return codec.readUsage(bodyText);
      }
      return codec.readUsage(JSON.stringify(applyBodyQuirk(quirks, parsed)));
    },
  };
  const createTap = codec.createStreamTap;
  if (!createTap) return wrapped;
  return {
    ...wrapped,
    createStreamTap(options) {
      const tap = createTap(options);
      if (!quirks.decodeFrame) return tap;
      const quirked: StreamTap = { push: (frame) => tap.push(applyFrameQuirk(quirks, frame)) };
      return quirked;
    },
  };
}

/**
 * For frame quirks over JSON-per-frame streams: parses the frame only when `mightApply`
 * says the cheap text test passed, hands the value to `rewrite`, and re-serializes it
 * when `rewrite` returned a different value. Anything unparseable passes unchanged.
 */
export function rewriteJsonFrame(frame: UpstreamFrame, mightApply: (data: string) => boolean, rewrite: (json: unknown) => unknown): UpstreamFrame {
  if (!mightApply(frame.data)) return frame;
  let json: unknown;
  try {
    json = JSON.parse(frame.data);
  } catch {
    return frame;
  }
  const rewritten = rewrite(json);
  return rewritten === json ? frame : { ...frame, data: JSON.stringify(rewritten) };
}

/**
 * For body quirks: a copy of `body` with `from` renamed to `to` (a value already under
 * `to` wins). The body itself is returned when `from` is absent.
 */
export function renameBodyField(body: Record<string, unknown>, from: string, to: string): Record<string, unknown> {
  if (!(from in body)) return body;
  const { [from]: value, ...rest } = body;
  return rest[to] === undefined || rest[to] === null ? { ...rest, [to]: value } : rest;
}

/**
 * For body quirks: a copy of `body` without `fields`, recording an `unsupported-setting`
 * warning (once per setting) for each one that carried a value.
 */
export function dropBodyFields(body: Record<string, unknown>, fields: readonly string[], context: QuirkContext, detail: string): Record<string, unknown> {
  if (!fields.some((field) => field in body)) return body;
  const result = { ...body };
  for (const field of fields) {
    if (!(field in result)) continue;
    const value = result[field];
    delete result[field];
    const seen = context.warnings.some((warning) => warning.type === 'unsupported-setting' && warning.setting === field);
    if (value !== null && value !== undefined && !seen) context.warnings.push({ type: 'unsupported-setting', setting: field, detail });
  }
  return result;
}

function applyBodyQuirk(quirks: DialectQuirks, body: unknown): unknown {
  if (!quirks.decodeBody) return body;
  try {
    return quirks.decodeBody(body);
  } catch {
    return body;
  }
}

function applyFrameQuirk(quirks: DialectQuirks, frame: UpstreamFrame): UpstreamFrame {
  if (!quirks.decodeFrame) return frame;
  try {
    return quirks.decodeFrame(frame);
  } catch {
    return frame;
  }
}
