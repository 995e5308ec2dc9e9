import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeOpenAIChatResponse } from './decode-openai-chat-response.js';
import { encodeOpenAIChatResponse } from './encode-openai-chat-response.js';

const fixture = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8')) as Record<string, unknown>;

describe('encodeOpenAIChatResponse', () => {
  it('writes a chat.completion object the SDKs read', () => {
    expect(
      encodeOpenAIChatResponse({
        id: 'chatcmpl-1',
        model: 'gpt-4o',
        createdAt: 1700000000,
        choices: [{ index: 0, content: [{ type: 'text', text: 'Hi' }], finishReason: { unified: 'stop' } }],
        usage: { inputTokens: 5, outputTokens: 2, cachedInputTokens: 1, reasoningTokens: 0 },
        systemFingerprint: 'fp_1',
      }),
    ).toStrictEqual({
      id: 'chatcmpl-1',
      object: 'chat.completion',
      created: 1700000000,
      model: 'gpt-4o',
      choices: [{ index: 0, message: { role: 'assistant', content: 'Hi', refusal: null }, logprobs: null, finish_reason: 'stop' }],
      usage: {
        prompt_tokens: 5,
        completion_tokens: 2,
        total_tokens: 7,
        prompt_tokens_details: { cached_tokens: 1 },
        completion_tokens_details: { reasoning_tokens: 0 },
      },
      system_fingerprint: 'fp_1',
    });
  });

  it('sets content to null when the answer is only tool calls, and omits unknown usage', () => {
    const body = encodeOpenAIChatResponse({
      id: 'x',
      model: 'claude',
      createdAt: 1,
      choices: [
        {
          index: 0,
          content: [{ type: 'tool-call', toolCallId: 'toolu_1', toolName: 'f', argumentsJson: '{"a":1}' }],
          finishReason: { unified: 'tool-calls', raw: 'tool_use' },
        },
      ],
    });
    expect(body.choices).toStrictEqual([
      {
        index: 0,
        message: {
          role: 'assistant',
          content: null,
          refusal: null,
          tool_calls: [{ id: 'toolu_1', type: 'function', function: { name: 'f', arguments: '{"a":1}' } }],
        },
        logprobs: null,
        finish_reason: 'tool_calls',
      },
    ]);
    expect(body).not.toHaveProperty('usage');
  });

  it('writes reasoning as reasoning_content only when present', () => {
    const withReasoning = encodeOpenAIChatResponse(decodeOpenAIChatResponse(fixture('reasoning-content.response.json')));
    const choices = withReasoning.choices as { message: Record<string, unknown> }[];
    expect(choices[0]?.message.reasoning_content).toBe('Compare the tenths: 1 < 8, so 9.11 < 9.8.');
    const plain = encodeOpenAIChatResponse(decodeOpenAIChatResponse(fixture('text.response.json')));
    expect((plain.choices as { message: Record<string, unknown> }[])[0]?.message).not.toHaveProperty('reasoning_content');
  });

  it('reproduces the parts of an OpenAI answer it models', () => {
    const original = fixture('tool-calls.response.json');
    const reencoded = encodeOpenAIChatResponse(decodeOpenAIChatResponse(original));
    expect(reencoded).toMatchObject({
      id: original.id,
      object: 'chat.completion',
      created: original.created,
      model: original.model,
      choices: original.choices,
      usage: { prompt_tokens: 82, completion_tokens: 17, total_tokens: 99, completion_tokens_details: { reasoning_tokens: 0 } },
    });
  });

  it('writes the counts it knows and no total when one side is unknown', () => {
    const body = encodeOpenAIChatResponse({ id: 'x', model: 'm', createdAt: 1, choices: [], usage: { inputTokens: 12 } });
    expect(body.usage).toStrictEqual({ prompt_tokens: 12 });
  });
});
