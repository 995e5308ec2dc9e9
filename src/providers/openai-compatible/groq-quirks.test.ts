import { describe, expect, it } from 'vitest';
import type { ChatStreamEvent } from '../../core/chat-stream-event.js';
import { openaiChatDialect, openaiChatPassthrough } from '../../dialects/openai-chat/index.js';
import { withDialectQuirks, withPassthroughQuirks } from '../../dialects/with-dialect-quirks.js';
import { SseFrameParser } from '../../upstream/index.js';
import { groqQuirks } from './groq-quirks.js';

const dialect = withDialectQuirks(openaiChatDialect, groqQuirks);

const X_GROQ_STREAM = [
  'data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1730000000,"model":"llama-3.3-70b-versatile","choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}],"x_groq":{"id":"req_01"}}',
  'data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1730000000,"model":"llama-3.3-70b-versatile","choices":[{"index":0,"delta":{"content":"Hi"},"finish_reason":null}]}',
  'data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1730000000,"model":"llama-3.3-70b-versatile","choices":[{"index":0,"delta":{},"finish_reason":"stop"}],"x_groq":{"id":"req_01","usage":{"queue_time":0.02,"prompt_tokens":12,"prompt_time":0.001,"completion_tokens":3,"completion_time":0.004,"total_tokens":15,"total_time":0.005}}}',
  'data: [DONE]',
  '',
].join('\n\n');

describe('groqQuirks', () => {
  it('moves x_groq.usage of the final chunk to usage', () => {
    const parser = new SseFrameParser();
    const decoder = dialect.createStreamDecoder();
    const events: ChatStreamEvent[] = [];
    for (const frame of [...parser.push(X_GROQ_STREAM), ...parser.end()]) events.push(...decoder.push(frame));
    expect(events.slice(1)).toStrictEqual([
      { type: 'text-delta', index: 0, delta: 'Hi' },
      { type: 'choice-end', index: 0, finishReason: { unified: 'stop', raw: 'stop' } },
      { type: 'usage', usage: { inputTokens: 12, outputTokens: 3 } },
      { type: 'response-end' },
    ]);
    const tap = withPassthroughQuirks(openaiChatPassthrough, groqQuirks).createStreamTap?.({ dropUsageOnlyFrames: true });
    const final = new SseFrameParser().push(`${X_GROQ_STREAM.split('\n\n')[2] ?? ''}\n\n`)[0];
    expect(final && tap?.push(final)).toStrictEqual({ forward: true, usage: { inputTokens: 12, outputTokens: 3 } });
  });

  it('keeps a top-level usage when Groq sends one', () => {
    const decoder = dialect.createStreamDecoder();
    const events = decoder.push({ data: '{"id":"c","choices":[],"usage":{"prompt_tokens":1,"completion_tokens":1},"x_groq":{"usage":{"prompt_tokens":9,"completion_tokens":9}}}', raw: '' });
    expect(events).toContainEqual({ type: 'usage', usage: { inputTokens: 1, outputTokens: 1 } });
  });

  it('sends max_completion_tokens as is and drops fields Groq rejects, with warnings', () => {
    const encoded = dialect.encodeRequest(
      {
        model: 'g',
        messages: [{ role: 'user', name: 'ann', content: [{ type: 'text', text: 'Hi' }] }],
        sampling: { maxOutputTokens: 50, choiceCount: 2 },
        stream: false,
        passthrough: { dialect: 'openai-chat', fields: { logprobs: true, top_logprobs: 2 } },
      },
      { model: 'llama-3.3-70b-versatile' },
    );
    expect(encoded.body).toStrictEqual({ model: 'llama-3.3-70b-versatile', messages: [{ role: 'user', content: 'Hi' }], max_completion_tokens: 50 });
    expect(encoded.warnings.map((warning) => warning.type === 'unsupported-setting' && warning.setting)).toStrictEqual(['logprobs', 'top_logprobs', 'n', 'messages.name']);
    expect(dialect.encodeRequest({ model: 'g', messages: [], sampling: { choiceCount: 1 }, stream: false }, { model: 'm' }).body.n).toBe(1);
  });

  it("reads Groq's parsed `reasoning` field as reasoning", () => {
    const reasoning = dialect.decodeResponse({ choices: [{ message: { reasoning: 'R', content: 'A' }, finish_reason: 'stop' }] });
    expect(reasoning.choices[0]?.content[0]).toStrictEqual({ type: 'reasoning', text: 'R' });
  });
});
