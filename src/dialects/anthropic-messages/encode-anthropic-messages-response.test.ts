import { readFileSync } from 'node:fs';
import type { Anthropic } from '@anthropic-ai/sdk';
import { describe, expect, it } from 'vitest';
import type { ContentPart } from '../../core/chat-request.js';
import type { ChatResponse } from '../../core/chat-response.js';
import type { FinishReason } from '../../core/finish-reason.js';
import { encodeAnthropicMessagesResponse } from './encode-anthropic-messages-response.js';
import { redactedThinkingSignature } from './redacted-thinking-signature.js';

const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8'));

function response(content: ContentPart[], finishReason: FinishReason = { unified: 'stop' }, extra: Partial<ChatResponse> = {}): ChatResponse {
  return { id: 'chatcmpl-7', model: 'gpt-4o-2024-08-06', createdAt: 1700000000, choices: [{ index: 0, content, finishReason }], ...extra };
}

describe('encodeAnthropicMessagesResponse', () => {
  it('writes a message with thinking, text and tool_use blocks in order', () => {
    const body = encodeAnthropicMessagesResponse(
      response(
        [
          { type: 'reasoning', text: 'The user wants the weather.', signature: 'EqQBsig==' },
          { type: 'text', text: 'Let me check ' },
          { type: 'text', text: 'the weather in Paris.' },
          { type: 'tool-call', toolCallId: 'call_weather_01', toolName: 'get_weather', argumentsJson: '{"city":"Paris","unit":"celsius"}' },
        ],
        { unified: 'tool-calls', raw: 'tool_calls' },
        { usage: { inputTokens: 1144, cachedInputTokens: 1024, outputTokens: 48, reasoningTokens: 12 } },
      ),
      { model: 'smart' },
    );
    expect(body).toStrictEqual(fixture('surface-tool-use.response.json'));
    // The shape the official SDK declares (fields it marks required that we omit are nullable there).
    const typed: Pick<Anthropic.Message, 'id' | 'type' | 'role' | 'stop_reason' | 'stop_sequence'> = body;
    expect(typed.type).toBe('message');
  });

  it('keeps an id that already has the msg_ prefix, and names the model the caller asked for', () => {
    const body = encodeAnthropicMessagesResponse(response([{ type: 'text', text: 'hi' }], { unified: 'stop' }, { id: 'msg_01XYZ' }), { model: 'claude-sonnet-4-5' });
    expect(body).toMatchObject({ id: 'msg_01XYZ', model: 'claude-sonnet-4-5', stop_reason: 'end_turn' });
    expect(encodeAnthropicMessagesResponse(response([]), { model: 'm', responseId: 'gw-42' }).id).toBe('msg_gw-42');
  });

  it('writes redacted thinking, an omitted-display signature, and unsigned reasoning from other providers', () => {
    const body = encodeAnthropicMessagesResponse(
      response([
        { type: 'reasoning', text: '', signature: redactedThinkingSignature('EmwKAhgB') },
        { type: 'reasoning', text: '', signature: 'sig-only' },
        { type: 'reasoning', text: 'deepseek thoughts' },
        { type: 'reasoning', text: '' },
        { type: 'text', text: '' },
        { type: 'text', text: 'answer' },
      ]),
      { model: 'm' },
    );
    expect(body.content).toStrictEqual([
      { type: 'redacted_thinking', data: 'EmwKAhgB' },
      { type: 'thinking', thinking: '', signature: 'sig-only' },
      { type: 'thinking', thinking: 'deepseek thoughts', signature: '' },
      { type: 'text', text: 'answer' },
    ]);
  });

  it('turns arguments that are not a JSON object into {} without throwing', () => {
    const call = (argumentsJson: string): ContentPart => ({ type: 'tool-call', toolCallId: 'c', toolName: 'f', argumentsJson });
    const body = encodeAnthropicMessagesResponse(response([call('{"a":'), call(''), call('[1]'), call('null'), call('{"ok":true}')], { unified: 'length' }), { model: 'm' });
    expect(body.content.map((block) => (block.type === 'tool_use' ? block.input : undefined))).toStrictEqual([{}, {}, {}, {}, { ok: true }]);
    expect(body.stop_reason).toBe('max_tokens');
  });

  it('says tool_use when tool calls end a turn the upstream called stop', () => {
    const body = encodeAnthropicMessagesResponse(response([{ type: 'tool-call', toolCallId: 'c', toolName: 'f', argumentsJson: '{}' }]), { model: 'm' });
    expect(body.stop_reason).toBe('tool_use');
  });

  it('encodes only choice 0, and writes 0 input/output and null cache counts when usage is unknown', () => {
    const body = encodeAnthropicMessagesResponse(
      {
        id: '',
        model: 'x',
        createdAt: 0,
        choices: [
          { index: 1, content: [{ type: 'text', text: 'second' }], finishReason: { unified: 'stop' } },
          { index: 0, content: [{ type: 'text', text: 'first' }], finishReason: { unified: 'content-filter' } },
        ],
      },
      { model: 'm' },
    );
    expect(body).toMatchObject({ id: 'msg_unidentified', content: [{ type: 'text', text: 'first' }], stop_reason: 'refusal' });
    expect(body.usage).toStrictEqual({ input_tokens: 0, output_tokens: 0, cache_creation_input_tokens: null, cache_read_input_tokens: null });
    const empty = encodeAnthropicMessagesResponse({ id: 'r', model: 'x', createdAt: 0, choices: [] }, { model: 'm' });
    expect(empty).toMatchObject({ content: [], stop_reason: 'end_turn' });
  });
});
