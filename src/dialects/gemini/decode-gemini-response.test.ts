import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../core/errors.js';
import { decodeGeminiResponse } from './decode-gemini-response.js';

function catchError(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('decodeGeminiResponse', () => {
  it('decodes text, identity fields and usage', () => {
    const response = decodeGeminiResponse({
      candidates: [{ content: { role: 'model', parts: [{ text: 'Hi ' }, { text: 'there.' }] }, finishReason: 'STOP', index: 0 }],
      usageMetadata: { promptTokenCount: 8, candidatesTokenCount: 3, totalTokenCount: 11 },
      modelVersion: 'gemini-2.5-flash',
      responseId: 'abc123',
    });
    expect(response).toEqual({
      id: 'abc123',
      model: 'gemini-2.5-flash',
      createdAt: 0,
      choices: [{ index: 0, content: [{ type: 'text', text: 'Hi ' }, { type: 'text', text: 'there.' }], finishReason: { unified: 'stop', raw: 'STOP' } }],
      usage: { inputTokens: 8, outputTokens: 3 },
    });
  });

  it('keeps thoughts as reasoning, signatures before their part, and unique ids for parallel calls', () => {
    const response = decodeGeminiResponse({
      candidates: [
        {
          content: {
            role: 'model',
            parts: [
              { text: 'Two cities, two calls.', thought: true },
              { functionCall: { name: 'get_weather', args: { city: 'Paris' } }, thoughtSignature: 'U0lHLTE=' },
              { functionCall: { name: 'get_weather', args: { city: 'Tokyo' } } },
              { functionCall: { id: 'fc-given', name: 'get_time' } },
            ],
          },
          finishReason: 'STOP',
        },
      ],
      usageMetadata: { promptTokenCount: 50, candidatesTokenCount: 20, thoughtsTokenCount: 30, cachedContentTokenCount: 32, totalTokenCount: 100 },
      createTime: '2025-06-01T12:00:00Z',
    });
    expect(response.createdAt).toBe(1748779200);
    expect(response.choices[0]).toEqual({
      index: 0,
      content: [
        { type: 'reasoning', text: 'Two cities, two calls.' },
        { type: 'reasoning', text: '', signature: 'U0lHLTE=' },
        { type: 'tool-call', toolCallId: 'call_0_0', toolName: 'get_weather', argumentsJson: '{"city":"Paris"}' },
        { type: 'tool-call', toolCallId: 'call_0_1', toolName: 'get_weather', argumentsJson: '{"city":"Tokyo"}' },
        { type: 'tool-call', toolCallId: 'fc-given', toolName: 'get_time', argumentsJson: '{}' },
      ],
      finishReason: { unified: 'tool-calls', raw: 'STOP' },
    });
    expect(response.usage).toEqual({ inputTokens: 50, outputTokens: 50, cachedInputTokens: 32, reasoningTokens: 30 });
  });

  it('numbers calls per candidate and maps each finish reason', () => {
    const response = decodeGeminiResponse({
      candidates: [
        { index: 0, content: { parts: [{ functionCall: { name: 'f', args: {} } }] }, finishReason: 'MALFORMED_FUNCTION_CALL' },
        { index: 1, content: { parts: [{ functionCall: { name: 'f', args: {} } }] }, finishReason: 'SAFETY' },
      ],
    });
    expect(response.choices.map((choice) => [choice.content[0], choice.finishReason])).toEqual([
      [{ type: 'tool-call', toolCallId: 'call_0_0', toolName: 'f', argumentsJson: '{}' }, { unified: 'other', raw: 'MALFORMED_FUNCTION_CALL' }],
      [{ type: 'tool-call', toolCallId: 'call_1_0', toolName: 'f', argumentsJson: '{}' }, { unified: 'content-filter', raw: 'SAFETY' }],
    ]);
    expect(response.usage).toBeUndefined();
  });

  it('answers a blocked prompt with one empty content-filter choice', () => {
    const response = decodeGeminiResponse({ promptFeedback: { blockReason: 'SAFETY' }, usageMetadata: { promptTokenCount: 7, totalTokenCount: 7 } });
    expect(response.choices).toEqual([{ index: 0, content: [], finishReason: { unified: 'content-filter', raw: 'SAFETY' } }]);
    expect(response.usage).toEqual({ inputTokens: 7, outputTokens: 0 });
  });

  it('throws a retryable upstream error for error envelopes and non-responses', () => {
    const envelope = () => decodeGeminiResponse({ error: { code: 500, message: 'Internal error, key AIzaSyD-abcdefghijklmnopqrstuvwxyz012345', status: 'INTERNAL' } });
    expect(envelope).toThrow(GatewayError);
    expect(envelope).toThrow(/^gemini response: upstream error: Internal error, key \[redacted\]$/);
    expect(() => decodeGeminiResponse({ candidates: 'x' })).toThrow(/^gemini response: candidates: /);
    expect(() => decodeGeminiResponse('text')).toThrow(/^gemini response: body: /);
    const error = catchError(() => decodeGeminiResponse(null));
    expect(error).toBeInstanceOf(GatewayError);
    expect(error instanceof GatewayError && [error.code, error.retryable]).toEqual(['GW_UPSTREAM_ERROR', true]);
  });
});
