import { describe, expect, it } from 'vitest';
import { decodeBedrockConverseResponse } from './decode-bedrock-converse-response.js';

describe('decodeBedrockConverseResponse', () => {
  it('keeps block order: reasoning with its signature, text, then tool calls as JSON', () => {
    const response = decodeBedrockConverseResponse({
      output: {
        message: {
          role: 'assistant',
          content: [
            { reasoningContent: { reasoningText: { text: 'The user wants weather.', signature: 'EqoBCkgIARABGAIiQ' } } },
            { reasoningContent: { redactedContent: 'c2VjcmV0' } },
            { text: 'Checking.' },
            { toolUse: { toolUseId: 'tooluse_kZJMlvQmRJ6eAyJE5GIl7Q', name: 'get_weather', input: { city: 'Paris', units: ['c'] } } },
            { toolUse: { toolUseId: 'tooluse_noargs', name: 'get_time', input: {} } },
            { citationsContent: { content: [{ text: 'cited' }] } },
          ],
        },
      },
      stopReason: 'tool_use',
      usage: { inputTokens: 30, outputTokens: 12, totalTokens: 42 },
      metrics: { latencyMs: 321 },
    });
    expect(response).toStrictEqual({
      id: '',
      model: '',
      createdAt: 0,
      choices: [
        {
          index: 0,
          content: [
            { type: 'reasoning', text: 'The user wants weather.', signature: 'EqoBCkgIARABGAIiQ' },
            { type: 'text', text: 'Checking.' },
            { type: 'tool-call', toolCallId: 'tooluse_kZJMlvQmRJ6eAyJE5GIl7Q', toolName: 'get_weather', argumentsJson: '{"city":"Paris","units":["c"]}' },
            { type: 'tool-call', toolCallId: 'tooluse_noargs', toolName: 'get_time', argumentsJson: '{}' },
          ],
          finishReason: { unified: 'tool-calls', raw: 'tool_use' },
        },
      ],
      usage: { inputTokens: 30, outputTokens: 12 },
    });
  });

  it('leaves usage out when the answer reports none', () => {
    const response = decodeBedrockConverseResponse({ output: { message: { role: 'assistant', content: [{ text: 'Hi' }] } }, stopReason: 'end_turn' });
    expect(response.usage).toBeUndefined();
    expect(response.choices[0]?.finishReason).toEqual({ unified: 'stop', raw: 'end_turn' });
  });

  it('throws a retryable upstream error for an error body or a body that is not an answer', () => {
    expect(() => decodeBedrockConverseResponse({ message: 'The security token included in the request is invalid.' })).toThrow(
      /bedrock-converse response: upstream error: The security token included in the request is invalid\./,
    );
    expect(() => decodeBedrockConverseResponse({ output: { message: { content: 'nope' } } })).toThrow(/output\.message\.content/);
    try {
      decodeBedrockConverseResponse('garbage');
    } catch (error) {
      expect(error).toMatchObject({ code: 'GW_UPSTREAM_ERROR', retryable: true });
    }
  });
});
