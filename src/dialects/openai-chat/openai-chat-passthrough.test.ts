import { describe, expect, it } from 'vitest';
import { openaiChatPassthrough, openaiEmbeddingsPassthrough } from './openai-chat-passthrough.js';

const frame = (data: string) => ({ data, raw: `data: ${data}\n\n` });

describe('openai-chat passthrough', () => {
  it('rewrites the model, keeps unknown fields and asks for stream usage', () => {
    const body = { model: 'smart', messages: [], stream: true, stream_options: { foo: 1 }, vendor_field: { a: 1 } };
    const prepared = openaiChatPassthrough.prepareBody(body, { model: 'gpt-4o', requestStreamUsage: true });
    expect(prepared).toEqual({ model: 'gpt-4o', messages: [], stream: true, stream_options: { foo: 1, include_usage: true }, vendor_field: { a: 1 } });
    expect(body.model).toBe('smart');
  });

  it('leaves non-streaming bodies and opted-out upstreams without stream_options', () => {
    expect(openaiChatPassthrough.prepareBody({ model: 'a', messages: [] }, { model: 'b', requestStreamUsage: true })).toEqual({ model: 'b', messages: [] });
    expect(openaiChatPassthrough.prepareBody({ model: 'a', stream: true }, { model: 'b', requestStreamUsage: false })).toEqual({ model: 'b', stream: true });
  });

  it('reads usage with cached and reasoning details, unknown stays undefined', () => {
    expect(
      openaiChatPassthrough.readUsage(JSON.stringify({ usage: { prompt_tokens: 10, completion_tokens: 5, prompt_tokens_details: { cached_tokens: 4 }, completion_tokens_details: { reasoning_tokens: 2 } } })),
    ).toEqual({ inputTokens: 10, outputTokens: 5, cachedInputTokens: 4, reasoningTokens: 2 });
    expect(openaiChatPassthrough.readUsage('{"choices":[]}')).toBeUndefined();
    expect(openaiChatPassthrough.readUsage('{"usage":{"prompt_tokens":3}}')?.outputTokens).toBeUndefined();
  });

  it('reads embeddings usage as zero output tokens', () => {
    expect(openaiEmbeddingsPassthrough.readUsage('{"data":[],"usage":{"prompt_tokens":7,"total_tokens":7}}')).toMatchObject({ inputTokens: 7, outputTokens: 0 });
  });

  it('taps usage, drops the usage-only chunk only when asked, and spots in-band errors', () => {
    const usageChunk = frame('{"id":"x","choices":[],"usage":{"prompt_tokens":3,"completion_tokens":4}}');
    const dropping = openaiChatPassthrough.createStreamTap!({ dropUsageOnlyFrames: true });
    expect(dropping.push(frame('{"id":"x","choices":[{"index":0,"delta":{"content":"hi"}}],"usage":null}'))).toEqual({ forward: true });
    expect(dropping.push(usageChunk)).toEqual({ forward: false, usage: { inputTokens: 3, outputTokens: 4, cachedInputTokens: undefined, reasoningTokens: undefined } });
    expect(dropping.push(frame('[DONE]'))).toEqual({ forward: true });

    const keeping = openaiChatPassthrough.createStreamTap!({ dropUsageOnlyFrames: false });
    expect(keeping.push(usageChunk).forward).toBe(true);
    // Usage on a chunk that still carries choices (some vendors) is read but never dropped.
    expect(dropping.push(frame('{"choices":[{"index":0,"delta":{}}],"usage":{"prompt_tokens":1,"completion_tokens":1}}')).forward).toBe(true);
    expect(keeping.push(frame('{"error":{"message":"overloaded"}}'))).toEqual({ forward: true, errorMessage: 'overloaded' });
  });
});
