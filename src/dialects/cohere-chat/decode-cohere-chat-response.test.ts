import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../core/errors.js';
import { decodeCohereChatResponse } from './decode-cohere-chat-response.js';

function decodeError(body: unknown): GatewayError {
  try {
    decodeCohereChatResponse(body);
  } catch (error) {
    if (error instanceof GatewayError) return error;
    throw error;
  }
  throw new Error('expected decodeCohereChatResponse to throw');
}

describe('decodeCohereChatResponse', () => {
  it('decodes a text answer with billed usage', () => {
    expect(
      decodeCohereChatResponse({
        id: 'c14c80c3-18eb-4519-9460-6c92edd8cfb4',
        finish_reason: 'COMPLETE',
        message: { role: 'assistant', content: [{ type: 'text', text: 'Hello ' }, { type: 'text', text: 'there.' }] },
        usage: { billed_units: { input_tokens: 5, output_tokens: 3 }, tokens: { input_tokens: 70, output_tokens: 3 } },
      }),
    ).toStrictEqual({
      id: 'c14c80c3-18eb-4519-9460-6c92edd8cfb4',
      model: '',
      createdAt: 0,
      choices: [{ index: 0, content: [{ type: 'text', text: 'Hello there.' }], finishReason: { unified: 'stop', raw: 'COMPLETE' } }],
      usage: { inputTokens: 5, outputTokens: 3 },
    });
  });

  it('puts thinking and the tool plan before text and tool calls, never in the text', () => {
    const response = decodeCohereChatResponse({
      id: 'r',
      finish_reason: 'TOOL_CALL',
      message: {
        role: 'assistant',
        content: [{ type: 'thinking', thinking: 'Need weather.' }],
        tool_plan: 'I will call get_weather.',
        tool_calls: [{ id: 'get_weather_abc', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }],
      },
    });
    expect(response.choices[0]).toStrictEqual({
      index: 0,
      content: [
        { type: 'reasoning', text: 'Need weather.' },
        { type: 'reasoning', text: 'I will call get_weather.' },
        { type: 'tool-call', toolCallId: 'get_weather_abc', toolName: 'get_weather', argumentsJson: '{"city":"Paris"}' },
      ],
      finishReason: { unified: 'tool-calls', raw: 'TOOL_CALL' },
    });
    expect(response.usage).toBeUndefined();
  });

  it('turns an error body sent with status 200 into a retryable upstream error', () => {
    const error = decodeError({ message: 'internal server error' });
    expect(error.code).toBe('GW_UPSTREAM_ERROR');
    expect(error.retryable).toBe(true);
    expect(error.message).toBe('cohere-chat response: upstream error: internal server error');
  });

  it('names the offending field of a malformed body', () => {
    expect(decodeError({ id: 'x', message: { content: 'text' } }).message).toBe('cohere-chat response: message.content: expected array, received string');
    expect(decodeError(null).code).toBe('GW_UPSTREAM_ERROR');
  });
});
