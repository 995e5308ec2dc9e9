import { describe, expect, it } from 'vitest';
import { beginRequestTrace, formatTraceparent, parseTraceparent } from './trace-context.js';

const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const SPAN = '00f067aa0ba902b7';

describe('parseTraceparent', () => {
  it('reads the W3C example', () => {
    expect(parseTraceparent(`00-${TRACE}-${SPAN}-01`)).toEqual({ traceId: TRACE, spanId: SPAN, sampled: true });
    expect(parseTraceparent(`00-${TRACE}-${SPAN}-00`)?.sampled).toBe(false);
  });

  it('ignores malformed, zero and forbidden-version headers', () => {
    for (const header of [undefined, '', 'garbage', `00-${TRACE.toUpperCase()}-${SPAN}-01`, `00-${'0'.repeat(32)}-${SPAN}-01`, `00-${TRACE}-${'0'.repeat(16)}-01`, `ff-${TRACE}-${SPAN}-01`, `00-${TRACE}-${SPAN}-01-extra`]) {
      expect(parseTraceparent(header)).toBeUndefined();
    }
  });

  it('reads a later version by its first four fields', () => {
    expect(parseTraceparent(`01-${TRACE}-${SPAN}-01-future`)).toEqual({ traceId: TRACE, spanId: SPAN, sampled: true });
  });

  it('formats what it parses', () => {
    expect(formatTraceparent(TRACE, SPAN, true)).toBe(`00-${TRACE}-${SPAN}-01`);
  });
});

describe('beginRequestTrace', () => {
  it('continues a sampled caller trace with a new span of its own', () => {
    const trace = beginRequestTrace(`00-${TRACE}-${SPAN}-01`, 0, () => 1);
    expect(trace).toMatchObject({ traceId: TRACE, parentSpanId: SPAN, forwardTraceparent: undefined });
    expect(trace?.spanId).toMatch(/^[0-9a-f]{16}$/);
    expect(trace?.spanId).not.toBe(SPAN);
  });

  it('follows an unsampled caller: no span, its header forwarded', () => {
    expect(beginRequestTrace(`00-${TRACE}-${SPAN}-00`, 1, () => 0)).toEqual({ traceId: TRACE, spanId: undefined, parentSpanId: SPAN, forwardTraceparent: `00-${TRACE}-${SPAN}-00` });
  });

  it('starts new traces by the sample ratio', () => {
    expect(beginRequestTrace(undefined, 0.5, () => 0.2)?.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(beginRequestTrace(undefined, 0.5, () => 0.7)).toBeUndefined();
  });

  it('with tracing off only forwards the caller header', () => {
    expect(beginRequestTrace(undefined, undefined, () => 0)).toBeUndefined();
    expect(beginRequestTrace(`00-${TRACE}-${SPAN}-01`, undefined, () => 0)?.forwardTraceparent).toBe(`00-${TRACE}-${SPAN}-01`);
  });
});
