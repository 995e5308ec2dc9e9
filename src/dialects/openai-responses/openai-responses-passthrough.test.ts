import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { UpstreamFrame } from '../../core/upstream-frame.js';
import { SseFrameParser } from '../../upstream/index.js';
import { openaiResponsesPassthrough } from './openai-responses-passthrough.js';

const fixtureText = (name: string) => readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');
const tap = () => openaiResponsesPassthrough.createStreamTap!({ dropUsageOnlyFrames: true });
const frame = (data: string, event?: string): UpstreamFrame => ({ data, raw: `${event ? `event: ${event}\n` : ''}data: ${data}\n\n`, ...(event ? { event } : {}) });

describe('openai-responses passthrough', () => {
  it('rewrites only the model, whatever the body holds', () => {
    const body = { model: 'smart', input: 'hi', stream: true, store: false, previous_response_id: 'resp_1', tools: [{ type: 'web_search' }] };
    const prepared = openaiResponsesPassthrough.prepareBody(body, { model: 'gpt-5-mini', requestStreamUsage: true });
    expect(prepared).toEqual({ ...body, model: 'gpt-5-mini' });
    expect(body.model).toBe('smart');
  });

  it('reads usage from a complete Response object, not from text that mentions "usage"', () => {
    expect(openaiResponsesPassthrough.readUsage(fixtureText('openai-upstream.response.json'))).toEqual({
      inputTokens: 1320,
      outputTokens: 85,
      cachedInputTokens: 1024,
      cacheWriteInputTokens: undefined,
      reasoningTokens: 64,
    });
    expect(openaiResponsesPassthrough.readUsage('{"id":"resp_1","usage":null}')).toBeUndefined();
    expect(openaiResponsesPassthrough.readUsage('{"usage":{"input_tokens":3}}')).toMatchObject({ inputTokens: 3, outputTokens: undefined });
  });

  it('forwards every frame of a recorded stream and reads usage from response.completed only', () => {
    const parser = new SseFrameParser();
    const text = fixtureText('openai-upstream.response.sse');
    const streamTap = tap();
    const results = [...parser.push(text), ...parser.end()].map((upstream) => streamTap.push(upstream));
    expect(results).toHaveLength(13);
    expect(results.every((result) => result.forward)).toBe(true);
    expect(results.filter((result) => result.usage)).toEqual([
      { forward: true, usage: { inputTokens: 1320, outputTokens: 85, cachedInputTokens: 1024, cacheWriteInputTokens: undefined, reasoningTokens: 64 } },
    ]);
    expect(results.some((result) => result.errorMessage)).toBe(false);
  });

  it('spots in-band errors: the error event and response.failed (with its usage), with or without event lines', () => {
    expect(tap().push(frame('{"type":"error","code":"server_error","message":"The server had an error","param":null,"sequence_number":4}', 'error'))).toEqual({
      forward: true,
      errorMessage: 'The server had an error',
    });
    const failed = '{"type":"response.failed","sequence_number":9,"response":{"status":"failed","error":{"code":"server_error","message":"boom"},"usage":{"input_tokens":5,"output_tokens":0}}}';
    expect(tap().push(frame(failed))).toEqual({ forward: true, errorMessage: 'boom', usage: expect.objectContaining({ inputTokens: 5, outputTokens: 0 }) });
    expect(tap().push(frame('{"type":"response.incomplete","response":{"usage":{"input_tokens":5,"output_tokens":9}}}', 'response.incomplete')).usage).toMatchObject({ outputTokens: 9 });
    expect(tap().push(frame('{"type":"response.failed","response":{"error":null}}', 'response.failed')).errorMessage).toBe('upstream response failed');
  });

  it('forwards frames it cannot parse without reading them', () => {
    expect(tap().push(frame('{not json', 'response.completed'))).toEqual({ forward: true });
    expect(tap().push(frame('{"type":"response.output_text.delta","delta":"\\"usage\\": {}"}'))).toEqual({ forward: true });
  });
});
