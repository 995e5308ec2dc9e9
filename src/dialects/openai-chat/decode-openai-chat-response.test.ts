import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../core/errors.js';
import { decodeOpenAIChatResponse } from './decode-openai-chat-response.js';

const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8'));

function decodeError(body: unknown): GatewayError {
  try {
    decodeOpenAIChatResponse(body);
  } catch (error) {
    if (error instanceof GatewayError) return error;
    throw error;
  }
  throw new Error('expected decodeOpenAIChatResponse to throw');
}

describe('decodeOpenAIChatResponse', () => {
  it('decodes a text answer with usage and fingerprint', () => {
    expect(decodeOpenAIChatResponse(fixture('text.response.json'))).toStrictEqual({
      id: 'chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT',
      model: 'gpt-4.1-2025-04-14',
      createdAt: 1741569952,
      choices: [{ index: 0, content: [{ type: 'text', text: 'Hello! How can I assist you today?' }], finishReason: { unified: 'stop', raw: 'stop' } }],
      usage: { inputTokens: 19, outputTokens: 10, cachedInputTokens: 0, reasoningTokens: 0 },
      systemFingerprint: 'fp_44709d6fcb',
    });
  });

  it('decodes parallel tool calls with null content', () => {
    const response = decodeOpenAIChatResponse(fixture('tool-calls.response.json'));
    expect(response.choices[0]?.content).toStrictEqual([
      { type: 'tool-call', toolCallId: 'call_abc123', toolName: 'get_current_weather', argumentsJson: '{\n"location": "Boston, MA"\n}' },
      { type: 'tool-call', toolCallId: 'call_def456', toolName: 'get_current_time', argumentsJson: '{"timezone": "America/New_York"}' },
    ]);
    expect(response.choices[0]?.finishReason).toStrictEqual({ unified: 'tool-calls', raw: 'tool_calls' });
    expect(response.usage).toStrictEqual({ inputTokens: 82, outputTokens: 17, reasoningTokens: 0 });
  });

  it('puts DeepSeek reasoning_content before the text', () => {
    const response = decodeOpenAIChatResponse(fixture('reasoning-content.response.json'));
    expect(response.choices[0]?.content).toStrictEqual([
      { type: 'reasoning', text: 'Compare the tenths: 1 < 8, so 9.11 < 9.8.' },
      { type: 'text', text: '9.11 is smaller than 9.8.' },
    ]);
    expect(response.usage?.reasoningTokens).toBe(37);
  });

  it('reads `reasoning` (vLLM, Groq, OpenRouter) as reasoning, preferring `reasoning_content` when both are sent', () => {
    const vllm = decodeOpenAIChatResponse({ choices: [{ message: { reasoning: 'Think.', content: 'Answer.' }, finish_reason: 'stop' }] });
    expect(vllm.choices[0]?.content).toStrictEqual([
      { type: 'reasoning', text: 'Think.' },
      { type: 'text', text: 'Answer.' },
    ]);
    const both = decodeOpenAIChatResponse({ choices: [{ message: { reasoning_content: 'A.', reasoning: 'A.', content: 'B' }, finish_reason: 'stop' }] });
    expect(both.choices[0]?.content).toStrictEqual([
      { type: 'reasoning', text: 'A.' },
      { type: 'text', text: 'B' },
    ]);
  });

  it("splits Mistral's content chunks into reasoning and text, never mixing them", () => {
    const response = decodeOpenAIChatResponse({
      choices: [
        {
          message: {
            content: [
              { type: 'thinking', thinking: [{ type: 'text', text: 'First ' }, { type: 'text', text: 'think.' }] },
              { type: 'reference', reference_ids: [1] },
              { type: 'text', text: 'The ' },
              { type: 'text', text: 'answer.' },
            ],
          },
          finish_reason: 'stop',
        },
      ],
    });
    expect(response.choices[0]?.content).toStrictEqual([
      { type: 'reasoning', text: 'First think.' },
      { type: 'text', text: 'The answer.' },
    ]);
  });

  it('surfaces a refusal as text', () => {
    const response = decodeOpenAIChatResponse(fixture('refusal.response.json'));
    expect(response.choices[0]?.content).toStrictEqual([{ type: 'text', text: "I'm sorry, I can't help with that." }]);
    expect(response.usage).toStrictEqual({ inputTokens: 30, outputTokens: 9 });
  });

  it('leaves usage undefined when the server sent none', () => {
    const response = decodeOpenAIChatResponse({ choices: [{ message: { content: 'x' }, finish_reason: null }] });
    expect(response.usage).toBeUndefined();
    expect(response).toMatchObject({ id: '', model: '', createdAt: 0 });
    expect(response.choices[0]).toStrictEqual({ index: 0, content: [{ type: 'text', text: 'x' }], finishReason: { unified: 'other' } });
  });

  it('turns an error envelope sent with status 200 into a retryable upstream error', () => {
    const error = decodeError({ error: { message: 'The server had an error processing your request.', type: 'server_error' } });
    expect(error.code).toBe('GW_UPSTREAM_ERROR');
    expect(error.retryable).toBe(true);
    expect(error.message).toBe('openai-chat response: upstream error: The server had an error processing your request.');
  });

  it('names the offending field of a malformed body', () => {
    expect(decodeError({ id: 'x', choices: [{ message: { content: 5 } }] }).message).toBe(
      'openai-chat response: choices[0].message.content: expected a string or an array of content chunks, received number',
    );
    expect(decodeError('nope').code).toBe('GW_UPSTREAM_ERROR');
  });
});
