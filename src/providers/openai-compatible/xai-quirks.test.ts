import { describe, expect, it } from 'vitest';
import type { ChatRequest } from '../../core/chat-request.js';
import { openaiChatDialect } from '../../dialects/openai-chat/index.js';
import { withDialectQuirks } from '../../dialects/with-dialect-quirks.js';
import { xaiQuirks } from './xai-quirks.js';

const dialect = withDialectQuirks(openaiChatDialect, xaiQuirks);
const request: ChatRequest = {
  model: 'grok',
  messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }],
  sampling: { stop: ['END'], presencePenalty: 0.2, frequencyPenalty: 0.1, temperature: 0.3 },
  reasoningEffort: 'high',
  stream: false,
};
const settings = (model: string) => dialect.encodeRequest(request, { model }).warnings.map((warning) => warning.type === 'unsupported-setting' && warning.setting);

describe('xaiQuirks', () => {
  it('does not send penalties or stop to reasoning models, with warnings', () => {
    const encoded = dialect.encodeRequest(request, { model: 'grok-4-0709' });
    expect(encoded.body).toStrictEqual({ model: 'grok-4-0709', messages: [{ role: 'user', content: 'Hi' }], temperature: 0.3 });
    expect(settings('grok-4-0709')).toStrictEqual(['presence_penalty', 'frequency_penalty', 'stop', 'reasoning_effort']);
  });

  it('keeps reasoning_effort for grok-3-mini and everything for non-reasoning models', () => {
    expect(settings('grok-3-mini')).toStrictEqual(['presence_penalty', 'frequency_penalty', 'stop']);
    expect(dialect.encodeRequest(request, { model: 'grok-3-mini' }).body.reasoning_effort).toBe('high');
    expect(settings('grok-4-fast-non-reasoning')).toStrictEqual(['reasoning_effort']);
    expect(settings('grok-2-1212')).toStrictEqual([]);
  });

  it('counts reasoning tokens as output when xAI reports them apart', () => {
    const response = dialect.decodeResponse({
      choices: [{ message: { content: '1', reasoning_content: 'think' }, finish_reason: 'stop' }],
      usage: { prompt_tokens: 12, completion_tokens: 1, total_tokens: 399, completion_tokens_details: { reasoning_tokens: 386 } },
    });
    expect(response.usage).toStrictEqual({ inputTokens: 12, outputTokens: 387, reasoningTokens: 386 });
    expect(response.choices[0]?.content[0]).toStrictEqual({ type: 'reasoning', text: 'think' });
  });

  it('leaves usage alone when reasoning is already inside completion_tokens', () => {
    const response = dialect.decodeResponse({
      choices: [{ message: { content: '1' }, finish_reason: 'stop' }],
      usage: { prompt_tokens: 500, completion_tokens: 500, total_tokens: 1000, completion_tokens_details: { reasoning_tokens: 200 } },
    });
    expect(response.usage).toStrictEqual({ inputTokens: 500, outputTokens: 500, reasoningTokens: 200 });
  });

  it('fixes the usage chunk of a stream too', () => {
    const decoder = dialect.createStreamDecoder();
    const events = decoder.push({
      data: '{"id":"c","choices":[],"usage":{"prompt_tokens":10,"completion_tokens":5,"total_tokens":45,"completion_tokens_details":{"reasoning_tokens":30}}}',
      raw: '',
    });
    expect(events).toContainEqual({ type: 'usage', usage: { inputTokens: 10, outputTokens: 35, reasoningTokens: 30 } });
  });
});
