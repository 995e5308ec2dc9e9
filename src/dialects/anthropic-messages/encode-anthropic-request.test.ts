import { describe, expect, it } from 'vitest';
import type { ChatRequest } from '../../core/chat-request.js';
import { GatewayError } from '../../core/errors.js';
import type { Warning } from '../../core/warning.js';
import { encodeAnthropicRequest } from './encode-anthropic-request.js';
import { JSON_RESPONSE_TOOL_NAME } from './json-response-tool.js';

const TARGET = { model: 'claude-sonnet-4-20250514' };

const request = (extra: Partial<ChatRequest> = {}): ChatRequest => ({
  model: 'alias',
  messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }],
  sampling: { maxOutputTokens: 512 },
  stream: false,
  ...extra,
});

const settings = (warnings: Warning[]) => warnings.map((warning) => (warning.type === 'unsupported-setting' ? warning.setting : warning.message));

const WEATHER = { name: 'get_weather', description: 'Weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } };

describe('encodeAnthropicRequest', () => {
  it('writes the Messages body: model, max_tokens, system, sampling, metadata and stream', () => {
    const encoded = encodeAnthropicRequest(
      request({
        messages: [
          { role: 'system', content: [{ type: 'text', text: 'Be brief.' }] },
          { role: 'user', content: [{ type: 'text', text: 'Hi' }] },
        ],
        sampling: { maxOutputTokens: 256, temperature: 0.2, topP: 0.9, stop: ['END'] },
        user: 'user-42',
        stream: true,
      }),
      TARGET,
    );
    expect(encoded.path).toBe('/messages');
    expect(encoded.body).toStrictEqual({
      model: 'claude-sonnet-4-20250514',
      max_tokens: 256,
      system: [{ type: 'text', text: 'Be brief.' }],
      messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }],
      temperature: 0.2,
      top_p: 0.9,
      stop_sequences: ['END'],
      metadata: { user_id: 'user-42' },
      stream: true,
    });
    expect(encoded.warnings).toStrictEqual([]);
  });

  it('defaults max_tokens to the model limit, else 4096, and says so', () => {
    const fromTarget = encodeAnthropicRequest(request({ sampling: {} }), { ...TARGET, maxOutputTokens: 64000 });
    expect(fromTarget.body.max_tokens).toBe(64000);
    expect(settings(fromTarget.warnings)).toStrictEqual(["max_tokens defaulted to 64000, the model's output limit: Anthropic requires it"]);
    const fallback = encodeAnthropicRequest(request({ sampling: {} }), TARGET);
    expect(fallback.body.max_tokens).toBe(4096);
    expect(settings(fallback.warnings)[0]).toMatch(/^max_tokens defaulted to 4096/);
  });

  it('warns about every setting Anthropic has no field for', () => {
    const encoded = encodeAnthropicRequest(
      request({
        sampling: { maxOutputTokens: 10, seed: 7, presencePenalty: 0.1, frequencyPenalty: 0.2, choiceCount: 2 },
        metadata: { team: 'a' },
        passthrough: { dialect: 'openai-chat', fields: { logit_bias: { 50256: -100 } } },
      }),
      TARGET,
    );
    expect(settings(encoded.warnings)).toStrictEqual(['seed', 'presence_penalty', 'frequency_penalty', 'n', 'metadata', 'logit_bias']);
    expect(Object.keys(encoded.body)).toStrictEqual(['model', 'max_tokens', 'messages']);
  });

  it('restores anthropic-messages passthrough fields, modelled fields winning', () => {
    const encoded = encodeAnthropicRequest(
      request({ user: 'u1', passthrough: { dialect: 'anthropic-messages', fields: { top_k: 5, metadata: { user_id: 'old' }, stream: true, service_tier: 'auto' } } }),
      TARGET,
    );
    expect(encoded.body).toMatchObject({ top_k: 5, service_tier: 'auto', metadata: { user_id: 'u1' } });
    expect(encoded.body.stream).toBeUndefined();
    expect(encoded.warnings).toStrictEqual([]);
  });

  it('maps tools and every tool choice, parallelToolCalls false included', () => {
    const tools = [WEATHER, { name: 'now', parameters: {} }];
    const body = (extra: Partial<ChatRequest>) => encodeAnthropicRequest(request({ tools, ...extra }), TARGET).body;
    expect(body({}).tools).toStrictEqual([
      { name: 'get_weather', description: 'Weather', input_schema: WEATHER.parameters },
      { name: 'now', input_schema: { type: 'object' } },
    ]);
    expect(body({}).tool_choice).toBeUndefined();
    expect(body({ toolChoice: { type: 'auto' } }).tool_choice).toStrictEqual({ type: 'auto' });
    expect(body({ toolChoice: { type: 'none' } }).tool_choice).toStrictEqual({ type: 'none' });
    expect(body({ toolChoice: { type: 'required' } }).tool_choice).toStrictEqual({ type: 'any' });
    expect(body({ toolChoice: { type: 'tool', toolName: 'now' } }).tool_choice).toStrictEqual({ type: 'tool', name: 'now' });
    expect(body({ parallelToolCalls: false }).tool_choice).toStrictEqual({ type: 'auto', disable_parallel_tool_use: true });
    expect(body({ parallelToolCalls: false, toolChoice: { type: 'required' } }).tool_choice).toStrictEqual({ type: 'any', disable_parallel_tool_use: true });
  });

  it('warns about strict schemas and a tool choice without tools, and refuses the reserved tool name', () => {
    const strict = encodeAnthropicRequest(request({ tools: [{ ...WEATHER, strict: true }] }), TARGET);
    expect(settings(strict.warnings)).toStrictEqual(['strict']);
    expect(strict.body.tools).toStrictEqual([{ name: 'get_weather', description: 'Weather', input_schema: WEATHER.parameters }]);
    const noTools = encodeAnthropicRequest(request({ toolChoice: { type: 'required' } }), TARGET);
    expect(settings(noTools.warnings)).toStrictEqual(['toolChoice']);
    expect(noTools.body.tool_choice).toBeUndefined();
    expect(() => encodeAnthropicRequest(request({ tools: [{ name: JSON_RESPONSE_TOOL_NAME, parameters: {} }] }), TARGET)).toThrow(
      expect.objectContaining({ code: 'GW_INVALID_REQUEST', param: 'tools[0].name' }),
    );
  });

  it('emulates a JSON schema response with a forced tool', () => {
    const schema = { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] };
    const encoded = encodeAnthropicRequest(request({ responseFormat: { type: 'json-schema', name: 'place', schema } }), TARGET);
    expect(encoded.body.tools).toStrictEqual([
      { name: JSON_RESPONSE_TOOL_NAME, description: expect.stringContaining('"place"'), input_schema: schema },
    ]);
    expect(encoded.body.tool_choice).toStrictEqual({ type: 'tool', name: JSON_RESPONSE_TOOL_NAME });
    expect(encoded.warnings).toStrictEqual([]);
    const object = encodeAnthropicRequest(request({ responseFormat: { type: 'json-object' } }), TARGET);
    expect(object.body.tools).toStrictEqual([expect.objectContaining({ input_schema: { type: 'object', additionalProperties: true } })]);
    expect(encodeAnthropicRequest(request({ responseFormat: { type: 'text' } }), TARGET).body.tools).toBeUndefined();
  });

  it('offers the JSON tool beside the caller tools under "any", and yields to a forced tool', () => {
    const format = { type: 'json-object' } as const;
    const beside = encodeAnthropicRequest(request({ tools: [WEATHER], responseFormat: format }), TARGET);
    expect((beside.body.tools as { name: string }[]).map((tool) => tool.name)).toStrictEqual(['get_weather', JSON_RESPONSE_TOOL_NAME]);
    expect(beside.body.tool_choice).toStrictEqual({ type: 'any' });
    const none = encodeAnthropicRequest(request({ tools: [WEATHER], toolChoice: { type: 'none' }, responseFormat: format }), TARGET);
    expect(none.body.tool_choice).toStrictEqual({ type: 'tool', name: JSON_RESPONSE_TOOL_NAME });
    const forced = encodeAnthropicRequest(request({ tools: [WEATHER], toolChoice: { type: 'tool', toolName: 'get_weather' }, responseFormat: format }), TARGET);
    expect(forced.body.tool_choice).toStrictEqual({ type: 'tool', name: 'get_weather' });
    expect(settings(forced.warnings)).toStrictEqual(['responseFormat']);
    const required = encodeAnthropicRequest(request({ tools: [WEATHER], toolChoice: { type: 'required' }, responseFormat: format }), TARGET);
    expect(required.body.tool_choice).toStrictEqual({ type: 'any' });
    expect(settings(required.warnings)).toStrictEqual(['toolChoice']);
  });

  it('never puts disable_parallel_tool_use on a "none" choice', () => {
    const encoded = encodeAnthropicRequest(request({ tools: [WEATHER], toolChoice: { type: 'none' }, parallelToolCalls: false }), TARGET);
    expect(encoded.body.tool_choice).toStrictEqual({ type: 'none' });
  });

  it('turns reasoning effort into a thinking budget below max_tokens', () => {
    const high = encodeAnthropicRequest(request({ reasoningEffort: 'high', sampling: { maxOutputTokens: 32000, temperature: 0.5, topP: 0.5 } }), TARGET);
    expect(high.body).toMatchObject({ max_tokens: 32000, thinking: { type: 'enabled', budget_tokens: 16384 } });
    expect(high.body.temperature).toBeUndefined();
    expect(high.body.top_p).toBeUndefined();
    expect(settings(high.warnings)).toStrictEqual(['temperature', 'top_p']);
    const lowered = encodeAnthropicRequest(request({ reasoningEffort: 'medium', sampling: { maxOutputTokens: 4000, topP: 0.97 } }), TARGET);
    expect(lowered.body).toMatchObject({ max_tokens: 4000, top_p: 0.97, thinking: { budget_tokens: 3999 } });
    expect(settings(lowered.warnings)).toStrictEqual(['thinking budget lowered from 8192 to 3999 to stay below max_tokens']);
    const tooSmall = encodeAnthropicRequest(request({ reasoningEffort: 'low', sampling: { maxOutputTokens: 1000 } }), TARGET);
    expect(tooSmall.body.thinking).toBeUndefined();
    expect(settings(tooSmall.warnings)).toStrictEqual(['reasoningEffort']);
  });

  it('leaves room for the answer when no output limit is known', () => {
    const encoded = encodeAnthropicRequest(request({ reasoningEffort: 'low', sampling: {} }), TARGET);
    expect(encoded.body).toMatchObject({ max_tokens: 2048 + 4096, thinking: { type: 'enabled', budget_tokens: 2048 } });
  });

  it('leaves thinking off for "none", unknown efforts and forced tool calls', () => {
    expect(encodeAnthropicRequest(request({ reasoningEffort: 'none' }), TARGET)).toMatchObject({ warnings: [] });
    const unknown = encodeAnthropicRequest(request({ reasoningEffort: 'extreme' }), TARGET);
    expect(unknown.body.thinking).toBeUndefined();
    expect(settings(unknown.warnings)).toStrictEqual(['reasoningEffort']);
    const forced = encodeAnthropicRequest(request({ reasoningEffort: 'high', tools: [WEATHER], toolChoice: { type: 'required' } }), TARGET);
    expect(forced.body.thinking).toBeUndefined();
    expect(forced.warnings[0]).toMatchObject({ setting: 'reasoningEffort', detail: expect.stringContaining('a required tool choice') });
  });

  it('names the message whose tool arguments are not a JSON object', () => {
    const withArguments = (argumentsJson: string) =>
      request({ messages: [{ role: 'user', content: [{ type: 'text', text: 'q' }] }, { role: 'assistant', content: [{ type: 'tool-call', toolCallId: 't', toolName: 'f', argumentsJson }] }] });
    for (const bad of ['{"a":', '[1]', '"text"']) {
      let thrown: unknown;
      try {
        encodeAnthropicRequest(withArguments(bad), TARGET);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(GatewayError);
      expect(thrown).toMatchObject({ code: 'GW_INVALID_REQUEST', param: 'messages[1].content[0].argumentsJson' });
    }
    const empty = encodeAnthropicRequest(withArguments(' '), TARGET);
    expect((empty.body.messages as { content: unknown[] }[])[1]?.content).toStrictEqual([{ type: 'tool_use', id: 't', name: 'f', input: {} }]);
  });
});
