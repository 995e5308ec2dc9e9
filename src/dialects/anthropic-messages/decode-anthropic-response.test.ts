import { describe, expect, it } from 'vitest';
import { decodeAnthropicResponse } from './decode-anthropic-response.js';
import { JSON_RESPONSE_TOOL_NAME } from './json-response-tool.js';

const message = (content: unknown[], stopReason: string | null = 'end_turn', usage: unknown = { input_tokens: 10, output_tokens: 5 }) => ({
  id: 'msg_01abc',
  type: 'message',
  role: 'assistant',
  model: 'claude-sonnet-4-20250514',
  content,
  stop_reason: stopReason,
  stop_sequence: null,
  usage,
});

describe('decodeAnthropicResponse', () => {
  it('decodes text, tool calls, thinking and redacted thinking in order', () => {
    const response = decodeAnthropicResponse(
      message(
        [
          { type: 'thinking', thinking: 'Let me look it up.', signature: 'EqQBsig==' },
          { type: 'redacted_thinking', data: 'EmwKdata' },
          { type: 'text', text: 'Checking.', citations: null },
          { type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { city: 'Paris' } },
          { type: 'server_tool_use', id: 'srvtoolu_1', name: 'web_search', input: { query: 'x' } },
        ],
        'tool_use',
      ),
    );
    expect(response).toStrictEqual({
      id: 'msg_01abc',
      model: 'claude-sonnet-4-20250514',
      createdAt: 0,
      choices: [
        {
          index: 0,
          content: [
            { type: 'reasoning', text: 'Let me look it up.', signature: 'EqQBsig==' },
            { type: 'reasoning', text: '', signature: 'anthropic-redacted-thinking:EmwKdata' },
            { type: 'text', text: 'Checking.' },
            { type: 'tool-call', toolCallId: 'toolu_1', toolName: 'get_weather', argumentsJson: '{"city":"Paris"}' },
          ],
          finishReason: { unified: 'tool-calls', raw: 'tool_use' },
        },
      ],
      usage: { inputTokens: 10, outputTokens: 5 },
    });
  });

  it('reads the JSON answer tool as the answer text with a plain stop', () => {
    const response = decodeAnthropicResponse(
      message([{ type: 'tool_use', id: 'toolu_j', name: JSON_RESPONSE_TOOL_NAME, input: { city: 'Paris', days: 3 } }], 'tool_use'),
    );
    expect(response.choices[0]).toStrictEqual({
      index: 0,
      content: [{ type: 'text', text: '{"city":"Paris","days":3}' }],
      finishReason: { unified: 'stop', raw: 'tool_use' },
    });
  });

  it('keeps usage undefined when the provider sent none', () => {
    const body: Record<string, unknown> = message([{ type: 'text', text: 'hi' }]);
    delete body.usage;
    expect(decodeAnthropicResponse(body).usage).toBeUndefined();
  });

  it('throws a retryable upstream error for error envelopes and malformed bodies', () => {
    expect(() => decodeAnthropicResponse({ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } })).toThrow(
      expect.objectContaining({ code: 'GW_UPSTREAM_ERROR', retryable: true, message: 'anthropic-messages response: upstream error: Overloaded' }),
    );
    expect(() => decodeAnthropicResponse({ id: 'x', content: 'nope' })).toThrow(expect.objectContaining({ message: expect.stringContaining('content') }));
    expect(() => decodeAnthropicResponse(message([{ type: 'tool_use', name: 'f', input: {} }]))).toThrow(
      expect.objectContaining({ code: 'GW_UPSTREAM_ERROR', message: expect.stringContaining('content[0].id') }),
    );
    expect(() => decodeAnthropicResponse('text')).toThrow(expect.objectContaining({ code: 'GW_UPSTREAM_ERROR' }));
  });
});
