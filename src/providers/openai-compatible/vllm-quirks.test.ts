import { describe, expect, it } from 'vitest';
import { openaiChatDialect, openaiChatPassthrough } from '../../dialects/openai-chat/index.js';
import { withDialectQuirks, withPassthroughQuirks } from '../../dialects/with-dialect-quirks.js';
import { vllmQuirks } from './vllm-quirks.js';

const dialect = withDialectQuirks(openaiChatDialect, vllmQuirks);

describe('vllmQuirks', () => {
  it('sends max_tokens, on encode and passthrough', () => {
    const encoded = dialect.encodeRequest({ model: 'v', messages: [], sampling: { maxOutputTokens: 32 }, stream: false }, { model: 'Qwen/Qwen3-8B' });
    expect(encoded.body).toStrictEqual({ model: 'Qwen/Qwen3-8B', messages: [], max_tokens: 32 });
    const codec = withPassthroughQuirks(openaiChatPassthrough, vllmQuirks);
    expect(codec.prepareBody({ model: 'v', max_completion_tokens: 3 }, { model: 'm', requestStreamUsage: false })).toStrictEqual({ model: 'm', max_tokens: 3 });
  });

  it('reads `reasoning` and `reasoning_content` in answers and deltas', () => {
    const answer = dialect.decodeResponse({ choices: [{ message: { reasoning: 'R', content: 'A' }, finish_reason: 'stop' }] });
    expect(answer.choices[0]?.content).toStrictEqual([
      { type: 'reasoning', text: 'R' },
      { type: 'text', text: 'A' },
    ]);
    const decoder = dialect.createStreamDecoder();
    const events = [
      ...decoder.push({ data: '{"id":"c","choices":[{"index":0,"delta":{"reasoning":"new"}}]}', raw: '' }),
      ...decoder.push({ data: '{"id":"c","choices":[{"index":0,"delta":{"reasoning_content":"old"}}]}', raw: '' }),
    ];
    expect(events.filter((event) => event.type === 'reasoning-delta')).toStrictEqual([
      { type: 'reasoning-delta', index: 0, delta: 'new' },
      { type: 'reasoning-delta', index: 0, delta: 'old' },
    ]);
  });
});
