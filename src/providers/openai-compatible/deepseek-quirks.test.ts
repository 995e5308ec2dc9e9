import { describe, expect, it } from 'vitest';
import type { ChatRequest } from '../../core/chat-request.js';
import { openaiChatDialect, openaiChatPassthrough } from '../../dialects/openai-chat/index.js';
import { withDialectQuirks, withPassthroughQuirks } from '../../dialects/with-dialect-quirks.js';
import { deepseekQuirks } from './deepseek-quirks.js';

const dialect = withDialectQuirks(openaiChatDialect, deepseekQuirks);
const request: ChatRequest = {
  model: 'ds',
  messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }],
  sampling: { maxOutputTokens: 64, temperature: 0.5, topP: 0.9, presencePenalty: 0.1 },
  stream: false,
};
const frame = (data: string) => ({ data, raw: `data: ${data}\n\n` });

describe('deepseekQuirks', () => {
  it('sends max_tokens instead of max_completion_tokens, on encode and passthrough', () => {
    const encoded = dialect.encodeRequest(request, { model: 'deepseek-chat' });
    expect(encoded.body).toMatchObject({ max_tokens: 64, temperature: 0.5, top_p: 0.9, presence_penalty: 0.1 });
    expect(encoded.body).not.toHaveProperty('max_completion_tokens');
    expect(encoded.warnings).toStrictEqual([]);
    const passthrough = withPassthroughQuirks(openaiChatPassthrough, deepseekQuirks);
    expect(passthrough.prepareBody({ model: 'x', max_completion_tokens: 9, messages: [] }, { model: 'deepseek-chat', requestStreamUsage: true })).toStrictEqual({
      model: 'deepseek-chat',
      max_tokens: 9,
      messages: [],
    });
  });

  it('does not send sampling settings or logprobs to the reasoner, with warnings', () => {
    const encoded = dialect.encodeRequest({ ...request, passthrough: { dialect: 'openai-chat', fields: { logprobs: true } } }, { model: 'deepseek-reasoner' });
    expect(encoded.body).toStrictEqual({ model: 'deepseek-reasoner', messages: [{ role: 'user', content: 'Hi' }], max_tokens: 64 });
    expect(encoded.warnings.map((warning) => warning.type === 'unsupported-setting' && warning.setting)).toStrictEqual(['temperature', 'top_p', 'presence_penalty', 'logprobs']);
  });

  it('decodes reasoning_content as reasoning (no quirk needed) and copies cache hits to cached_tokens', () => {
    const response = dialect.decodeResponse({
      id: 'r',
      model: 'deepseek-reasoner',
      choices: [{ index: 0, message: { role: 'assistant', reasoning_content: 'Think.', content: 'Done.' }, finish_reason: 'stop' }],
      usage: { prompt_tokens: 100, completion_tokens: 20, total_tokens: 120, prompt_cache_hit_tokens: 64, prompt_cache_miss_tokens: 36, completion_tokens_details: { reasoning_tokens: 12 } },
    });
    expect(response.choices[0]?.content).toStrictEqual([
      { type: 'reasoning', text: 'Think.' },
      { type: 'text', text: 'Done.' },
    ]);
    expect(response.usage).toStrictEqual({ inputTokens: 100, outputTokens: 20, cachedInputTokens: 64, reasoningTokens: 12 });
    const decoder = dialect.createStreamDecoder();
    decoder.push(frame('{"id":"r","choices":[{"index":0,"delta":{"reasoning_content":"T"}}]}'));
    expect(decoder.push(frame('{"id":"r","choices":[],"usage":{"prompt_tokens":10,"completion_tokens":2,"prompt_cache_hit_tokens":0}}'))).toStrictEqual([
      { type: 'usage', usage: { inputTokens: 10, outputTokens: 2, cachedInputTokens: 0 } },
    ]);
  });

  it('keeps an explicit cached_tokens when DeepSeek sends both', () => {
    const response = dialect.decodeResponse({
      choices: [{ message: { content: 'x' }, finish_reason: 'stop' }],
      usage: { prompt_tokens: 10, completion_tokens: 1, prompt_cache_hit_tokens: 8, prompt_tokens_details: { cached_tokens: 8 } },
    });
    expect(response.usage?.cachedInputTokens).toBe(8);
  });
});
