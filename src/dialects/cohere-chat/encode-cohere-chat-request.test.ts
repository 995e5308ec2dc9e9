import { describe, expect, it } from 'vitest';
import type { ChatRequest } from '../../core/chat-request.js';
import { encodeCohereChatRequest } from './encode-cohere-chat-request.js';

const base = (overrides: Partial<ChatRequest> = {}): ChatRequest => ({
  model: 'alias',
  messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }],
  sampling: {},
  stream: false,
  ...overrides,
});

const target = { model: 'command-a-03-2025' };

describe('encodeCohereChatRequest', () => {
  it('maps sampling to Cohere names and sends only what was set', () => {
    const encoded = encodeCohereChatRequest(
      base({ sampling: { temperature: 0.2, topP: 0.9, maxOutputTokens: 100, stop: ['END'], seed: 7, frequencyPenalty: 0.1, presencePenalty: 0.3 }, stream: true }),
      target,
    );
    expect(encoded).toStrictEqual({
      path: '/chat',
      body: {
        model: 'command-a-03-2025',
        messages: [{ role: 'user', content: 'Hi' }],
        temperature: 0.2,
        p: 0.9,
        max_tokens: 100,
        stop_sequences: ['END'],
        seed: 7,
        frequency_penalty: 0.1,
        presence_penalty: 0.3,
        stream: true,
      },
      warnings: [],
    });
  });

  it('encodes every role, images, tool calls, tool results and earlier reasoning', () => {
    const { body, warnings } = encodeCohereChatRequest(
      base({
        messages: [
          { role: 'system', content: [{ type: 'text', text: 'Be brief.' }] },
          {
            role: 'user',
            content: [
              { type: 'text', text: 'What is this?' },
              { type: 'image', source: { type: 'base64', mediaType: 'image/png', data: 'iVBOR' }, detail: 'low' },
              { type: 'image', source: { type: 'url', url: 'https://example.com/a.jpg' } },
            ],
          },
          { role: 'assistant', content: [{ type: 'reasoning', text: 'It is a cat.' }, { type: 'text', text: 'A cat.' }] },
          {
            role: 'assistant',
            content: [
              { type: 'reasoning', text: 'I will check the weather.' },
              { type: 'tool-call', toolCallId: 'call_1', toolName: 'get_weather', argumentsJson: '{"city":"Paris"}' },
            ],
          },
          { role: 'tool', content: [{ type: 'tool-result', toolCallId: 'call_1', content: '{"temp":21}' }] },
          { role: 'user', content: [{ type: 'tool-result', toolCallId: 'call_2', content: [{ type: 'text', text: 'sunny' }] }, { type: 'text', text: 'And?' }] },
        ],
      }),
      target,
    );
    expect(body.messages).toStrictEqual([
      { role: 'system', content: 'Be brief.' },
      {
        role: 'user',
        content: [
          { type: 'text', text: 'What is this?' },
          { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBOR', detail: 'low' } },
          { type: 'image_url', image_url: { url: 'https://example.com/a.jpg' } },
        ],
      },
      { role: 'assistant', content: [{ type: 'thinking', thinking: 'It is a cat.' }, { type: 'text', text: 'A cat.' }] },
      {
        role: 'assistant',
        tool_plan: 'I will check the weather.',
        tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }],
      },
      { role: 'tool', tool_call_id: 'call_1', content: '{"temp":21}' },
      { role: 'tool', tool_call_id: 'call_2', content: 'sunny' },
      { role: 'user', content: 'And?' },
    ]);
    expect(warnings).toStrictEqual([]);
  });

  it('sends tools in function form, REQUIRED/NONE tool choice and strict_tools', () => {
    const tools = [
      { name: 'a', description: 'A', parameters: { type: 'object' }, strict: true },
      { name: 'b', parameters: { type: 'object' } },
    ];
    const required = encodeCohereChatRequest(base({ tools, toolChoice: { type: 'required' } }), target);
    expect(required.body.tools).toStrictEqual([
      { type: 'function', function: { name: 'a', description: 'A', parameters: { type: 'object' } } },
      { type: 'function', function: { name: 'b', parameters: { type: 'object' } } },
    ]);
    expect(required.body).toMatchObject({ tool_choice: 'REQUIRED', strict_tools: true });
    expect(required.warnings.map((warning) => warning.type === 'unsupported-setting' && warning.setting)).toStrictEqual(['strict']);
    expect(encodeCohereChatRequest(base({ tools, toolChoice: { type: 'none' } }), target).body.tool_choice).toBe('NONE');
    expect(encodeCohereChatRequest(base({ tools, toolChoice: { type: 'auto' } }), target).body).not.toHaveProperty('tool_choice');
  });

  it('approximates a named tool choice by offering only that tool, with a warning', () => {
    const tools = [
      { name: 'a', parameters: {} },
      { name: 'b', parameters: {} },
    ];
    const named = encodeCohereChatRequest(base({ tools, toolChoice: { type: 'tool', toolName: 'b' } }), target);
    expect(named.body.tools).toStrictEqual([{ type: 'function', function: { name: 'b', parameters: {} } }]);
    expect(named.body.tool_choice).toBe('REQUIRED');
    expect(named.warnings).toStrictEqual([
      { type: 'unsupported-setting', setting: 'tool_choice', detail: 'Cohere cannot name a tool; only "b" was offered, with tool_choice REQUIRED' },
    ]);
    const missing = encodeCohereChatRequest(base({ tools, toolChoice: { type: 'tool', toolName: 'zz' } }), target);
    expect(missing.body).not.toHaveProperty('tool_choice');
    expect(missing.body.tools).toHaveLength(2);
    expect(missing.warnings[0]).toMatchObject({ setting: 'tool_choice' });
  });

  it('maps response formats to json_object with an optional json_schema', () => {
    const schema = { type: 'object', properties: { city: { type: 'string' } } };
    expect(encodeCohereChatRequest(base({ responseFormat: { type: 'json-schema', name: 'x', schema, strict: true } }), target).body.response_format).toStrictEqual({
      type: 'json_object',
      json_schema: schema,
    });
    expect(encodeCohereChatRequest(base({ responseFormat: { type: 'json-object' } }), target).body.response_format).toStrictEqual({ type: 'json_object' });
    expect(encodeCohereChatRequest(base({ responseFormat: { type: 'text' } }), target).body.response_format).toStrictEqual({ type: 'text' });
  });

  it('turns reasoning effort into thinking on/off, warning about levels', () => {
    expect(encodeCohereChatRequest(base({ reasoningEffort: 'none' }), target)).toMatchObject({ body: { thinking: { type: 'disabled' } }, warnings: [] });
    const high = encodeCohereChatRequest(base({ reasoningEffort: 'high' }), target);
    expect(high.body.thinking).toStrictEqual({ type: 'enabled' });
    expect(high.warnings[0]).toMatchObject({ setting: 'reasoning_effort' });
  });

  it('warns about what Cohere cannot express instead of dropping it silently', () => {
    const { body, warnings } = encodeCohereChatRequest(
      base({
        messages: [
          { role: 'user', name: 'ann', content: [{ type: 'file', source: { type: 'base64', mediaType: 'application/pdf', data: 'JVBER' }, mediaType: 'application/pdf' }, { type: 'text', text: 'Read' }] },
          { role: 'tool', content: [{ type: 'tool-result', toolCallId: 't', content: 'boom', isError: true }] },
        ],
        sampling: { choiceCount: 2 },
        parallelToolCalls: false,
        user: 'u-1',
        metadata: { a: 'b' },
      }),
      target,
    );
    expect(body.messages).toStrictEqual([
      { role: 'user', content: 'Read' },
      { role: 'tool', tool_call_id: 't', content: 'boom' },
    ]);
    expect(warnings.map((warning) => warning.type === 'unsupported-setting' && warning.setting)).toStrictEqual([
      'name',
      'user-file',
      'tool-result-error',
      'parallel_tool_calls',
      'n',
      'user',
      'metadata',
    ]);
  });

  it('sends top_k as k, restores cohere-chat passthrough and warns about other fields', () => {
    const fromOpenAI = encodeCohereChatRequest(base({ passthrough: { dialect: 'openai-chat', fields: { top_k: 40, logprobs: true } } }), target);
    expect(fromOpenAI.body.k).toBe(40);
    expect(fromOpenAI.body).not.toHaveProperty('logprobs');
    expect(fromOpenAI.warnings).toStrictEqual([{ type: 'unsupported-setting', setting: 'logprobs', detail: 'openai-chat field has no cohere-chat equivalent' }]);
    const own = encodeCohereChatRequest(base({ sampling: { temperature: 1 }, passthrough: { dialect: 'cohere-chat', fields: { safety_mode: 'STRICT', temperature: 0 } } }), target);
    expect(own.body).toMatchObject({ safety_mode: 'STRICT', temperature: 1 });
  });
});
