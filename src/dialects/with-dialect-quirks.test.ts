import { describe, expect, it } from 'vitest';
import type { ChatRequest } from '../core/chat-request.js';
import type { UpstreamFrame } from '../core/upstream-frame.js';
import type { Dialect } from './dialect.js';
import { openaiChatDialect, openaiChatPassthrough } from './openai-chat/index.js';
import type { PassthroughCodec } from './passthrough.js';
import { dropBodyFields, renameBodyField, rewriteJsonFrame, withDialectQuirks, withPassthroughQuirks, type DialectQuirks } from './with-dialect-quirks.js';

const request: ChatRequest = {
  model: 'alias',
  messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }],
  sampling: { maxOutputTokens: 10 },
  stream: true,
};

const frame = (data: string): UpstreamFrame => ({ data, raw: `data: ${data}\n\n` });

/** Moves `usage` found under `vendor` to the top level, as vendor quirks do. */
const liftUsage = (json: unknown): unknown => {
  if (typeof json !== 'object' || json === null || !('vendor' in json)) return json;
  return { ...json, usage: (json as { vendor: unknown }).vendor };
};

const quirks: DialectQuirks = {
  encodeBody(body, context) {
    const renamed = renameBodyField(body, 'max_completion_tokens', 'max_tokens');
    return dropBodyFields(renamed, ['stream_options'], context, `not for ${context.model}`);
  },
  decodeBody: liftUsage,
  decodeFrame: (upstream) => rewriteJsonFrame(upstream, (data) => data.includes('"vendor"'), liftUsage),
};

describe('withDialectQuirks', () => {
  const dialect = withDialectQuirks(openaiChatDialect, quirks);

  it('rewrites the encoded body and adds the quirk warnings to the dialect ones', () => {
    const encoded = dialect.encodeRequest({ ...request, user: 'u' }, { model: 'm-1' });
    expect(encoded.body).toStrictEqual({ model: 'm-1', messages: [{ role: 'user', content: 'Hi' }], max_tokens: 10, user: 'u', stream: true });
    expect(encoded.warnings).toStrictEqual([{ type: 'unsupported-setting', setting: 'stream_options', detail: 'not for m-1' }]);
    expect(dialect.id).toBe('openai-chat');
  });

  it('rewrites response bodies and stream frames before decoding', () => {
    const response = dialect.decodeResponse({ choices: [{ message: { content: 'x' }, finish_reason: 'stop' }], vendor: { prompt_tokens: 2, completion_tokens: 3 } });
    expect(response.usage).toStrictEqual({ inputTokens: 2, outputTokens: 3 });
    const decoder = dialect.createStreamDecoder();
    expect(decoder.push(frame('{"id":"c","choices":[],"vendor":{"prompt_tokens":4,"completion_tokens":1}}'))).toContainEqual({
      type: 'usage',
      usage: { inputTokens: 4, outputTokens: 1 },
    });
    expect(decoder.end()).toStrictEqual([{ type: 'response-end' }]);
  });

  it('goes on with the unmodified value when a quirk throws, and keeps the framing', () => {
    const throwing: DialectQuirks = {
      decodeBody: () => {
        throw new Error('bug');
      },
      decodeFrame: () => {
        throw new Error('bug');
      },
    };
    const framed: Dialect = { ...openaiChatDialect, streamFraming: 'aws-event-stream' };
    const wrapped = withDialectQuirks(framed, throwing);
    expect(wrapped.streamFraming).toBe('aws-event-stream');
    expect(wrapped.decodeResponse({ choices: [{ message: { content: 'x' }, finish_reason: 'stop' }] }).choices[0]?.content).toStrictEqual([{ type: 'text', text: 'x' }]);
    expect(wrapped.createStreamDecoder().push(frame('{"id":"c","choices":[{"index":0,"delta":{"content":"y"}}]}'))).toContainEqual({ type: 'text-delta', index: 0, delta: 'y' });
  });

  it('decodes errors with the dialect unchanged', () => {
    const error = dialect.decodeError({ provider: 'p', status: 429, headers: { 'retry-after': '2' }, body: '{"error":{"message":"slow"}}', now: 0 });
    expect(error).toMatchObject({ code: 'GW_RATE_LIMITED', retryAfterMs: 2000 });
  });
});

describe('withPassthroughQuirks', () => {
  const codec = withPassthroughQuirks(openaiChatPassthrough, quirks);

  it('applies the body quirk after the codec rewrote the model and asked for usage', () => {
    const body = codec.prepareBody({ model: 'alias', stream: true, max_completion_tokens: 5, messages: [] }, { model: 'm-2', requestStreamUsage: true });
    expect(body).toStrictEqual({ model: 'm-2', stream: true, max_tokens: 5, messages: [] });
  });

  it('reads usage through the body quirk, and raw text when it is not JSON', () => {
    expect(codec.readUsage('{"choices":[],"vendor":{"prompt_tokens":7,"completion_tokens":8}}')).toStrictEqual({ inputTokens: 7, outputTokens: 8 });
    expect(codec.readUsage('not json')).toBeUndefined();
  });

  it('lets the stream tap see quirked frames', () => {
    const tap = codec.createStreamTap?.({ dropUsageOnlyFrames: false });
    expect(tap?.push(frame('{"id":"c","choices":[],"vendor":{"prompt_tokens":1,"completion_tokens":2}}'))).toStrictEqual({
      forward: true,
      usage: { inputTokens: 1, outputTokens: 2 },
    });
  });

  it('keeps a codec without a tap tapless', () => {
    const plain: PassthroughCodec = { prepareBody: (body) => body, readUsage: () => undefined };
    expect(withPassthroughQuirks(plain, quirks).createStreamTap).toBeUndefined();
  });
});

describe('quirk helpers', () => {
  it('rewriteJsonFrame parses only when the cheap test passes and re-serializes only changes', () => {
    const untouched = frame('{"a":1}');
    expect(rewriteJsonFrame(untouched, () => false, () => ({ b: 2 }))).toBe(untouched);
    expect(rewriteJsonFrame(untouched, () => true, (json) => json)).toBe(untouched);
    expect(rewriteJsonFrame(frame('{"a":'), () => true, () => ({ b: 2 })).data).toBe('{"a":');
    expect(rewriteJsonFrame(untouched, () => true, () => ({ b: 2 }))).toStrictEqual({ data: '{"b":2}', raw: 'data: {"a":1}\n\n' });
  });

  it('renameBodyField keeps an existing target value and leaves bodies without the field alone', () => {
    const body = { a: 1 };
    expect(renameBodyField(body, 'x', 'y')).toBe(body);
    expect(renameBodyField({ x: 1, y: 2 }, 'x', 'y')).toStrictEqual({ y: 2 });
    expect(renameBodyField({ x: 1, y: null }, 'x', 'y')).toStrictEqual({ y: 1 });
  });

  it('dropBodyFields warns once per setting and not for null values', () => {
    const warnings: { type: 'unsupported-setting'; setting: string; detail?: string }[] = [];
    const context = { model: 'm', warnings };
    expect(dropBodyFields({ a: 1, b: null, c: 3 }, ['a', 'b'], context, 'no')).toStrictEqual({ c: 3 });
    dropBodyFields({ a: 2 }, ['a'], context, 'no');
    expect(warnings).toStrictEqual([{ type: 'unsupported-setting', setting: 'a', detail: 'no' }]);
  });
});
