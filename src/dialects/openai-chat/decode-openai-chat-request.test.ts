import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ChatRequest } from '../../core/chat-request.js';
import { GatewayError } from '../../core/errors.js';
import { decodeOpenAIChatRequest } from './decode-openai-chat-request.js';

const richBody: unknown = JSON.parse(readFileSync(new URL('./__fixtures__/rich.request.json', import.meta.url), 'utf8'));

function decodeError(body: unknown): GatewayError {
  try {
    decodeOpenAIChatRequest(body);
  } catch (error) {
    if (error instanceof GatewayError) return error;
    throw error;
  }
  throw new Error('expected decodeOpenAIChatRequest to throw');
}

const minimal = (extra: Record<string, unknown>) => ({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }], ...extra });

describe('decodeOpenAIChatRequest', () => {
  it('decodes every modelled field of a rich request and keeps the rest as passthrough', () => {
    const expected: ChatRequest = {
      model: 'gpt-4o',
      messages: [
        { role: 'system', name: 'planner', content: [{ type: 'text', text: 'You are a travel assistant.' }] },
        {
          role: 'user',
          name: 'alice',
          content: [
            { type: 'text', text: 'What is the weather where this photo was taken?' },
            { type: 'image', source: { type: 'url', url: 'https://example.com/photo.jpg' }, detail: 'high' },
            { type: 'image', source: { type: 'base64', mediaType: 'image/png', data: 'iVBORw0KGgo=' } },
            { type: 'file', mediaType: 'audio/wav', source: { type: 'base64', mediaType: 'audio/wav', data: 'UklGRiQAAABXQVZF' } },
            {
              type: 'file',
              mediaType: 'application/pdf',
              source: { type: 'base64', mediaType: 'application/pdf', data: 'JVBERi0xLjQK' },
              filename: 'itinerary.pdf',
            },
          ],
        },
        {
          role: 'assistant',
          content: [
            { type: 'tool-call', toolCallId: 'call_weather_01', toolName: 'get_weather', argumentsJson: '{"location":"Paris"}' },
            { type: 'tool-call', toolCallId: 'call_time_02', toolName: 'get_time', argumentsJson: '{"timezone":"Europe/Paris"}' },
          ],
        },
        { role: 'tool', content: [{ type: 'tool-result', toolCallId: 'call_weather_01', content: '{"temperature_c":21,"sky":"clear"}' }] },
        { role: 'tool', content: [{ type: 'tool-result', toolCallId: 'call_time_02', content: [{ type: 'text', text: '14:05' }] }] },
        { role: 'assistant', content: [{ type: 'text', text: 'It is sunny and 21°C in Paris at 14:05.' }] },
        { role: 'user', content: [{ type: 'text', text: 'Great, give me a JSON summary.' }] },
      ],
      tools: [
        {
          name: 'get_weather',
          description: 'Current weather for a city.',
          parameters: { type: 'object', properties: { location: { type: 'string' } }, required: ['location'] },
          strict: true,
        },
        { name: 'get_time', parameters: { type: 'object', properties: { timezone: { type: 'string' } } } },
      ],
      toolChoice: { type: 'tool', toolName: 'get_weather' },
      parallelToolCalls: true,
      sampling: {
        temperature: 0.2,
        topP: 0.9,
        maxOutputTokens: 512,
        stop: ['END', 'STOP'],
        seed: 42,
        presencePenalty: 0.1,
        frequencyPenalty: -0.1,
        choiceCount: 1,
      },
      responseFormat: {
        type: 'json-schema',
        name: 'summary',
        description: 'A short weather summary.',
        schema: { type: 'object', properties: { text: { type: 'string' } }, required: ['text'], additionalProperties: false },
        strict: true,
      },
      stream: true,
      streamUsage: true,
      reasoningEffort: 'low',
      user: 'user-1234',
      metadata: { team: 'travel', ticket: 'T-42' },
      passthrough: {
        dialect: 'openai-chat',
        fields: {
          logit_bias: { '50256': -100 },
          logprobs: true,
          top_logprobs: 2,
          service_tier: 'flex',
          store: false,
          prediction: { type: 'content', content: 'It is' },
          web_search_options: { search_context_size: 'low' },
          stream_options: { include_obfuscation: false },
        },
      },
    };
    expect(decodeOpenAIChatRequest(richBody)).toStrictEqual(expected);
  });

  it('decodes a minimal request without inventing settings', () => {
    expect(decodeOpenAIChatRequest(minimal({}))).toStrictEqual({
      model: 'gpt-4o',
      messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }],
      sampling: {},
      stream: false,
    });
  });

  it('reads null settings as not set', () => {
    const request = decodeOpenAIChatRequest(minimal({ temperature: null, max_tokens: null, tools: null, stream: null, user: null }));
    expect(request.sampling).toStrictEqual({});
    expect(request.tools).toBeUndefined();
    expect(request.stream).toBe(false);
    expect(request.passthrough).toBeUndefined();
  });

  it('turns developer messages into system messages', () => {
    const request = decodeOpenAIChatRequest({
      model: 'o3',
      messages: [{ role: 'developer', content: [{ type: 'text', text: 'Be terse.' }] }, { role: 'user', content: 'hi' }],
    });
    expect(request.messages[0]).toStrictEqual({ role: 'system', content: [{ type: 'text', text: 'Be terse.' }] });
  });

  it('accepts max_tokens and a single stop string, preferring max_completion_tokens', () => {
    expect(decodeOpenAIChatRequest(minimal({ max_tokens: 100, stop: 'END' })).sampling).toStrictEqual({ maxOutputTokens: 100, stop: ['END'] });
    expect(decodeOpenAIChatRequest(minimal({ max_tokens: 100, max_completion_tokens: 200 })).sampling.maxOutputTokens).toBe(200);
  });

  it('decodes tool choice strings, json_object and stream usage opt-out', () => {
    const request = decodeOpenAIChatRequest(
      minimal({ tool_choice: 'required', response_format: { type: 'json_object' }, stream: true, stream_options: { include_usage: false } }),
    );
    expect(request.toolChoice).toStrictEqual({ type: 'required' });
    expect(request.responseFormat).toStrictEqual({ type: 'json-object' });
    expect(request.streamUsage).toBe(false);
    expect(request.passthrough).toBeUndefined();
  });

  it('gives a tool without parameters an empty parameter list, as OpenAI documents', () => {
    const request = decodeOpenAIChatRequest(minimal({ tools: [{ type: 'function', function: { name: 'ping' } }] }));
    expect(request.tools).toStrictEqual([{ name: 'ping', parameters: { type: 'object', properties: {} } }]);
  });

  it('keeps DeepSeek-style reasoning and refusals of earlier assistant turns', () => {
    const request = decodeOpenAIChatRequest({
      model: 'deepseek-reasoner',
      messages: [
        { role: 'user', content: 'q' },
        { role: 'assistant', content: [{ type: 'refusal', refusal: 'No.' }], reasoning_content: 'Thinking.' },
      ],
    });
    expect(request.messages[1]?.content).toStrictEqual([
      { type: 'reasoning', text: 'Thinking.' },
      { type: 'text', text: 'No.' },
    ]);
  });

  it('names the field and the allowed values when a role is wrong', () => {
    const error = decodeError({ model: 'm', messages: [{ role: 'user', content: 'a' }, { role: 'user', content: 'b' }, { role: 'robot', content: 'c' }] });
    expect(error.code).toBe('GW_INVALID_REQUEST');
    expect(error.status).toBe(400);
    expect(error.message).toBe('messages[2].role: expected one of system, user, assistant, tool, developer');
    expect(error.param).toBe('messages[2].role');
  });

  it('rejects the legacy function role and function_call clearly', () => {
    expect(decodeError({ model: 'm', messages: [{ role: 'function', name: 'f', content: 'x' }] }).message).toBe(
      'messages[0].role: the legacy "function" role is not supported; use "tool"',
    );
    expect(decodeError({ model: 'm', messages: [{ role: 'assistant', function_call: { name: 'f', arguments: '{}' } }] }).message).toBe(
      'messages[0].function_call: legacy function_call is not supported; use tool_calls',
    );
  });

  it('reports the most specific problem inside content', () => {
    expect(decodeError(minimal({ messages: [{ role: 'user', content: [{ type: 'text', text: 'a' }, { type: 'video' }] }] })).message).toBe(
      'messages[0].content[1].type: expected one of text, image_url, input_audio, file',
    );
    expect(decodeError(minimal({ messages: [{ role: 'user', content: [{ type: 'text', text: 3 }] }] })).message).toBe(
      'messages[0].content[0].text: expected string, received number',
    );
    expect(decodeError(minimal({ messages: [{ role: 'user', content: 42 }] })).message).toBe(
      'messages[0].content: expected a string or an array of content parts',
    );
  });

  it('names missing and mistyped top-level fields', () => {
    expect(decodeError({ messages: [] }).message).toBe('model: is required (expected string)');
    expect(decodeError({ model: 'm', messages: [] }).message).toBe('messages: must contain at least one message');
    expect(decodeError(minimal({ temperature: 'hot' })).message).toBe('temperature: expected number, received string');
    expect(decodeError(minimal({ max_tokens: 1.5 })).param).toBe('max_tokens');
    expect(decodeError(['not', 'an', 'object']).message).toBe('body: expected object, received array');
  });

  it('requires tool_call_id on tool messages', () => {
    expect(decodeError({ model: 'm', messages: [{ role: 'tool', content: 'x' }] }).message).toBe(
      'messages[0].tool_call_id: is required (expected string)',
    );
  });

  it('rejects tools and tool choices it cannot carry', () => {
    expect(decodeError(minimal({ tools: [{ type: 'custom', custom: { name: 'x' } }] })).message).toBe(
      'tools[0].type: expected "function" (custom tools are not supported)',
    );
    expect(decodeError(minimal({ tool_choice: 'sometimes' })).message).toBe(
      'tool_choice: expected "none", "auto", "required" or {"type": "function", "function": {"name": ...}}',
    );
  });

  it('rejects uploaded file references and non-data file payloads', () => {
    const fileId = decodeError(minimal({ messages: [{ role: 'user', content: [{ type: 'file', file: { file_id: 'file-abc' } }] }] }));
    expect(fileId.message).toBe('messages[0].content[0].file.file_id: uploaded file references are not supported; send the content as file_data');
    expect(fileId.param).toBe('messages[0].content[0].file.file_id');
    const raw = decodeError(minimal({ messages: [{ role: 'user', content: [{ type: 'file', file: { file_data: 'JVBERi0=' } }] }] }));
    expect(raw.param).toBe('messages[0].content[0].file.file_data');
  });

  it('keeps a data URL that is not base64 as a URL', () => {
    const request = decodeOpenAIChatRequest(
      minimal({ messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'data:image/svg+xml,%3Csvg%3E' } }] }] }),
    );
    expect(request.messages[0]?.content[0]).toStrictEqual({ type: 'image', source: { type: 'url', url: 'data:image/svg+xml,%3Csvg%3E' } });
  });
});
