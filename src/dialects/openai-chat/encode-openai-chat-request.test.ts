import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ChatRequest } from '../../core/chat-request.js';
import { decodeOpenAIChatRequest } from './decode-openai-chat-request.js';
import { encodeOpenAIChatRequest } from './encode-openai-chat-request.js';

const richBody = JSON.parse(readFileSync(new URL('./__fixtures__/rich.request.json', import.meta.url), 'utf8')) as Record<string, unknown>;

const base = (extra: Partial<ChatRequest>): ChatRequest => ({
  model: 'alias',
  messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }],
  sampling: {},
  stream: false,
  ...extra,
});

describe('encodeOpenAIChatRequest', () => {
  it('gives back an equivalent body after decoding a rich request', () => {
    const encoded = encodeOpenAIChatRequest(decodeOpenAIChatRequest(richBody), { model: 'gpt-4o' });
    expect(encoded.path).toBe('/chat/completions');
    expect(encoded.warnings).toEqual([]);
    expect(encoded.body).toStrictEqual(richBody);
  });

  it('writes the deployment model, not the alias the caller used', () => {
    expect(encodeOpenAIChatRequest(base({}), { model: 'gpt-4o-mini' }).body).toStrictEqual({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'hi' }],
    });
  });

  it('always asks for stream usage, even when the caller did not', () => {
    const optedOut = encodeOpenAIChatRequest(base({ stream: true, streamUsage: false }), { model: 'm' }).body;
    expect(optedOut.stream).toBe(true);
    expect(optedOut.stream_options).toStrictEqual({ include_usage: true });
    const silent = encodeOpenAIChatRequest(base({ stream: true }), { model: 'm' }).body;
    expect(silent.stream_options).toStrictEqual({ include_usage: true });
  });

  it('sends no stream options on a non-streaming request', () => {
    const body = encodeOpenAIChatRequest(base({ streamUsage: true }), { model: 'm' }).body;
    expect(body).not.toHaveProperty('stream');
    expect(body).not.toHaveProperty('stream_options');
  });

  it('drops reasoning of earlier assistant turns with a warning', () => {
    const encoded = encodeOpenAIChatRequest(
      base({
        messages: [
          { role: 'user', content: [{ type: 'text', text: 'q' }] },
          { role: 'assistant', content: [{ type: 'reasoning', text: 'hmm', signature: 'sig' }, { type: 'text', text: 'a' }] },
        ],
      }),
      { model: 'm' },
    );
    expect(encoded.body.messages).toStrictEqual([
      { role: 'user', content: 'q' },
      { role: 'assistant', content: 'a' },
    ]);
    expect(encoded.warnings).toEqual([{ type: 'unsupported-setting', setting: 'reasoning', detail: expect.stringContaining('dropped') }]);
  });

  it("warns about another dialect's passthrough fields instead of sending them", () => {
    const encoded = encodeOpenAIChatRequest(
      base({ passthrough: { dialect: 'anthropic-messages', fields: { top_k: 5, thinking: { type: 'enabled' } } } }),
      { model: 'm' },
    );
    expect(encoded.body).not.toHaveProperty('top_k');
    expect(encoded.warnings.map((warning) => (warning.type === 'unsupported-setting' ? warning.setting : ''))).toEqual(['top_k', 'thinking']);
  });

  it('lets modelled settings win over passthrough fields of the same name', () => {
    const encoded = encodeOpenAIChatRequest(
      base({ sampling: { temperature: 0.5 }, passthrough: { dialect: 'openai-chat', fields: { temperature: 9, logprobs: true } } }),
      { model: 'm' },
    );
    expect(encoded.body.temperature).toBe(0.5);
    expect(encoded.body.logprobs).toBe(true);
  });

  it('turns tool results in user turns (Anthropic style) into tool messages placed first', () => {
    const encoded = encodeOpenAIChatRequest(
      base({
        messages: [
          { role: 'assistant', content: [{ type: 'tool-call', toolCallId: 't1', toolName: 'f', argumentsJson: '{}' }] },
          {
            role: 'user',
            content: [
              { type: 'tool-result', toolCallId: 't1', content: [{ type: 'text', text: 'done' }], isError: true },
              { type: 'text', text: 'and now?' },
            ],
          },
        ],
      }),
      { model: 'm' },
    );
    expect(encoded.body.messages).toStrictEqual([
      { role: 'assistant', content: null, tool_calls: [{ id: 't1', type: 'function', function: { name: 'f', arguments: '{}' } }] },
      { role: 'tool', tool_call_id: 't1', content: [{ type: 'text', text: 'done' }] },
      { role: 'user', content: 'and now?' },
    ]);
    expect(encoded.warnings).toEqual([{ type: 'unsupported-setting', setting: 'tool-result-error', detail: expect.any(String) }]);
  });

  it('encodes inline media as data URLs and drops file URLs with a warning', () => {
    const encoded = encodeOpenAIChatRequest(
      base({
        messages: [
          {
            role: 'user',
            content: [
              { type: 'image', source: { type: 'base64', mediaType: 'image/jpeg', data: 'AAAA' } },
              { type: 'file', mediaType: 'audio/mpeg', source: { type: 'base64', mediaType: 'audio/mpeg', data: 'SUQz' } },
              { type: 'file', mediaType: 'application/pdf', source: { type: 'url', url: 'https://example.com/a.pdf' } },
            ],
          },
        ],
      }),
      { model: 'm' },
    );
    expect(encoded.body.messages).toStrictEqual([
      {
        role: 'user',
        content: [
          { type: 'image_url', image_url: { url: 'data:image/jpeg;base64,AAAA' } },
          { type: 'input_audio', input_audio: { data: 'SUQz', format: 'mp3' } },
        ],
      },
    ]);
    expect(encoded.warnings).toEqual([{ type: 'unsupported-setting', setting: 'file-url', detail: expect.any(String) }]);
  });

  it('encodes tool choices and response formats', () => {
    const body = encodeOpenAIChatRequest(
      base({ toolChoice: { type: 'none' }, responseFormat: { type: 'json-object' }, sampling: { stop: ['x'], maxOutputTokens: 10 } }),
      { model: 'm' },
    ).body;
    expect(body.tool_choice).toBe('none');
    expect(body.response_format).toStrictEqual({ type: 'json_object' });
    expect(body.stop).toStrictEqual(['x']);
    expect(body.max_completion_tokens).toBe(10);
  });

  it('sends an empty string for an assistant turn left with neither text nor tool calls', () => {
    const encoded = encodeOpenAIChatRequest(base({ messages: [{ role: 'assistant', content: [{ type: 'reasoning', text: 'r' }] }] }), {
      model: 'm',
    });
    expect(encoded.body.messages).toStrictEqual([{ role: 'assistant', content: '' }]);
  });
});
