import { describe, expect, it } from 'vitest';
import { buildPayload, StreamCollector } from './payload-capture.js';

describe('buildPayload', () => {
  it('redacts the request and the answer', () => {
    const payload = buildPayload({ messages: [{ role: 'user', content: 'I am ann@example.com' }] }, 'echo: ann@example.com', 1024);
    expect(payload).toEqual({ request: '{"messages":[{"role":"user","content":"I am [EMAIL]"}]}', response: 'echo: [EMAIL]', truncated: false });
  });

  it('cuts each part at the byte cap and says so', () => {
    const payload = buildPayload({ text: 'é'.repeat(1000) }, 'x'.repeat(5000), 300);
    expect(Buffer.byteLength(payload.request!)).toBeLessThanOrEqual(300);
    expect(payload.response).toBe('x'.repeat(300));
    expect(payload.truncated).toBe(true);
  });

  it('keeps an unknown answer unknown', () => {
    expect(buildPayload({}, undefined, 300)).toEqual({ request: '{}', response: undefined, truncated: false });
  });
});

describe('StreamCollector', () => {
  it('collects text and tool-call arguments of a translated stream, within a bound', () => {
    const collector = new StreamCollector(15);
    collector.push({ type: 'text-delta', index: 0, delta: 'hello ' });
    collector.push({ type: 'tool-call-start', index: 0, toolIndex: 0, toolCallId: 'c1', toolName: 'get' });
    collector.push({ type: 'tool-call-delta', index: 0, toolIndex: 0, argumentsDelta: '{"a":1}' });
    collector.push({ type: 'text-delta', index: 0, delta: 'never seen' });
    expect(collector.text).toBe('hello \n[tool call get] {"a":1}');
  });

  it('collects raw SSE text as it passed', () => {
    const collector = new StreamCollector(100);
    collector.push('data: {"a":1}\n\n');
    collector.push('data: [DONE]\n\n');
    expect(collector.text).toBe('data: {"a":1}\n\ndata: [DONE]\n\n');
  });
});
