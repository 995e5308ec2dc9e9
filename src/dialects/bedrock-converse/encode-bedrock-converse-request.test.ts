import { describe, expect, it } from 'vitest';
import type { ChatRequest } from '../../core/chat-request.js';
import { GatewayError } from '../../core/errors.js';
import { encodeBedrockConverseRequest } from './encode-bedrock-converse-request.js';

const CLAUDE = 'anthropic.claude-3-5-sonnet-20240620-v1:0';
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

const request = (overrides: Partial<ChatRequest> = {}): ChatRequest => ({
  model: 'my-alias',
  messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }],
  sampling: {},
  stream: false,
  ...overrides,
});

describe('encodeBedrockConverseRequest', () => {
  it('puts the model in the path, URI-encoded, and picks converse-stream for streams', () => {
    expect(encodeBedrockConverseRequest(request(), { model: CLAUDE }).path).toBe('/model/anthropic.claude-3-5-sonnet-20240620-v1%3A0/converse');
    const arn = 'arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-sonnet-4-5-20250929-v1:0';
    expect(encodeBedrockConverseRequest(request({ stream: true }), { model: arn }).path).toBe(`/model/${encodeURIComponent(arn)}/converse-stream`);
  });

  it('encodes a full conversation: system, media, tool calls, results, reasoning, merged turns', () => {
    const encoded = encodeBedrockConverseRequest(
      request({
        messages: [
          { role: 'system', content: [{ type: 'text', text: 'Be brief.' }] },
          {
            role: 'user',
            content: [
              { type: 'text', text: 'What is in this picture, and the weather?' },
              { type: 'image', source: { type: 'base64', mediaType: 'image/png', data: PNG } },
              { type: 'file', mediaType: 'application/pdf', filename: 'Q3 report (final).pdf', source: { type: 'base64', mediaType: 'application/pdf', data: 'JVBERi0=' } },
            ],
          },
          {
            role: 'assistant',
            content: [
              { type: 'reasoning', text: 'Need the weather tool.', signature: 'sig-1' },
              { type: 'text', text: '' },
              { type: 'tool-call', toolCallId: 'tooluse_1', toolName: 'get_weather', argumentsJson: '{"city":"Paris"}' },
              { type: 'tool-call', toolCallId: 'tooluse_2', toolName: 'get_time', argumentsJson: '' },
            ],
          },
          { role: 'tool', content: [{ type: 'tool-result', toolCallId: 'tooluse_1', content: '18°C' }] },
          { role: 'tool', content: [{ type: 'tool-result', toolCallId: 'tooluse_2', content: [{ type: 'text', text: 'timeout' }], isError: true }] },
          { role: 'user', content: [{ type: 'text', text: 'Thanks' }] },
        ],
        tools: [{ name: 'get_weather', description: 'Weather by city', parameters: { type: 'object', properties: { city: { type: 'string' } } }, strict: true }],
        toolChoice: { type: 'auto' },
        sampling: { maxOutputTokens: 512, temperature: 0.2, topP: 0.9, stop: ['END'] },
      }),
      { model: CLAUDE },
    );
    expect(encoded.body).toStrictEqual({
      system: [{ text: 'Be brief.' }],
      messages: [
        {
          role: 'user',
          content: [
            { text: 'What is in this picture, and the weather?' },
            { image: { format: 'png', source: { bytes: PNG } } },
            { document: { format: 'pdf', name: 'Q3 report (final)', source: { bytes: 'JVBERi0=' } } },
          ],
        },
        {
          role: 'assistant',
          content: [
            { reasoningContent: { reasoningText: { text: 'Need the weather tool.', signature: 'sig-1' } } },
            { toolUse: { toolUseId: 'tooluse_1', name: 'get_weather', input: { city: 'Paris' } } },
            { toolUse: { toolUseId: 'tooluse_2', name: 'get_time', input: {} } },
          ],
        },
        {
          role: 'user',
          content: [
            { toolResult: { toolUseId: 'tooluse_1', content: [{ text: '18°C' }] } },
            { toolResult: { toolUseId: 'tooluse_2', content: [{ text: 'timeout' }], status: 'error' } },
            { text: 'Thanks' },
          ],
        },
      ],
      inferenceConfig: { maxTokens: 512, temperature: 0.2, topP: 0.9, stopSequences: ['END'] },
      toolConfig: {
        tools: [{ toolSpec: { name: 'get_weather', description: 'Weather by city', inputSchema: { json: { type: 'object', properties: { city: { type: 'string' } } } }, strict: true } }],
        toolChoice: { auto: {} },
      },
    });
    expect(encoded.warnings).toEqual([]);
  });

  it('maps required and named tool choices', () => {
    const tools = [{ name: 'lookup', parameters: { type: 'object' } }];
    expect(encodeBedrockConverseRequest(request({ tools, toolChoice: { type: 'required' } }), { model: CLAUDE }).body.toolConfig).toEqual({
      tools: [{ toolSpec: { name: 'lookup', inputSchema: { json: { type: 'object' } } } }],
      toolChoice: { any: {} },
    });
    const named = encodeBedrockConverseRequest(request({ tools, toolChoice: { type: 'tool', toolName: 'lookup' } }), { model: CLAUDE });
    expect(named.body.toolConfig).toMatchObject({ toolChoice: { tool: { name: 'lookup' } } });
  });

  it('honours tool choice none by leaving the tools out, or warns when the history needs them', () => {
    const tools = [{ name: 'lookup', parameters: { type: 'object' } }];
    const plain = encodeBedrockConverseRequest(request({ tools, toolChoice: { type: 'none' } }), { model: CLAUDE });
    expect(plain.body.toolConfig).toBeUndefined();
    expect(plain.warnings).toEqual([]);
    const withHistory = encodeBedrockConverseRequest(
      request({
        tools,
        toolChoice: { type: 'none' },
        messages: [
          { role: 'user', content: [{ type: 'text', text: 'look it up' }] },
          { role: 'assistant', content: [{ type: 'tool-call', toolCallId: 't1', toolName: 'lookup', argumentsJson: '{}' }] },
          { role: 'tool', content: [{ type: 'tool-result', toolCallId: 't1', content: 'found' }] },
        ],
      }),
      { model: CLAUDE },
    );
    expect(withHistory.body.toolConfig).toEqual({ tools: [{ toolSpec: { name: 'lookup', inputSchema: { json: { type: 'object' } } } }] });
    expect(withHistory.warnings).toEqual([expect.objectContaining({ type: 'unsupported-setting', setting: 'tool_choice' })]);
  });

  it('sends a JSON schema response format as structured output', () => {
    const encoded = encodeBedrockConverseRequest(
      request({ responseFormat: { type: 'json-schema', name: 'person', description: 'A person', schema: { type: 'object', properties: { name: { type: 'string' } } }, strict: true } }),
      { model: CLAUDE },
    );
    expect(encoded.body.outputConfig).toEqual({
      textFormat: {
        type: 'json_schema',
        structure: { jsonSchema: { schema: '{"type":"object","properties":{"name":{"type":"string"}}}', name: 'person', description: 'A person' } },
      },
    });
    const jsonObject = encodeBedrockConverseRequest(request({ responseFormat: { type: 'json-object' } }), { model: CLAUDE });
    expect(jsonObject.body.outputConfig).toBeUndefined();
    expect(jsonObject.warnings).toEqual([expect.objectContaining({ setting: 'response_format' })]);
  });

  it('turns reasoning effort into a Claude thinking budget, and warns for other models', () => {
    const claude = encodeBedrockConverseRequest(request({ reasoningEffort: 'medium' }), { model: `us.${CLAUDE}` });
    expect(claude.body.additionalModelRequestFields).toEqual({ thinking: { type: 'enabled', budget_tokens: 4096 } });
    expect(claude.warnings).toEqual([]);
    expect(encodeBedrockConverseRequest(request({ reasoningEffort: 'none' }), { model: CLAUDE }).body.additionalModelRequestFields).toBeUndefined();
    const nova = encodeBedrockConverseRequest(request({ reasoningEffort: 'high' }), { model: 'amazon.nova-pro-v1:0' });
    expect(nova.body.additionalModelRequestFields).toBeUndefined();
    expect(nova.warnings).toEqual([expect.objectContaining({ setting: 'reasoning_effort' })]);
    const unknown = encodeBedrockConverseRequest(request({ reasoningEffort: 'extreme' }), { model: CLAUDE });
    expect(unknown.warnings[0]).toMatchObject({ setting: 'reasoning_effort', detail: expect.stringContaining('"extreme"') });
  });

  it('warns about every setting Converse cannot carry instead of dropping it silently', () => {
    const encoded = encodeBedrockConverseRequest(
      request({
        messages: [
          { role: 'user', content: [{ type: 'text', text: 'Hi' }], name: 'alice' },
          { role: 'system', content: [{ type: 'text', text: 'late rule' }] },
          { role: 'assistant', content: [{ type: 'reasoning', text: 'unsigned thoughts' }, { type: 'text', text: 'Hello' }] },
        ],
        sampling: { seed: 7, presencePenalty: 0.1, frequencyPenalty: 0.2, choiceCount: 2 },
        parallelToolCalls: false,
        user: 'user-1',
        metadata: { team: 'a' },
        toolChoice: { type: 'required' },
        passthrough: { dialect: 'openai-chat', fields: { logit_bias: { 1: 2 } } },
      }),
      { model: CLAUDE },
    );
    expect(encoded.body.system).toEqual([{ text: 'late rule' }]);
    expect(encoded.body.messages).toEqual([
      { role: 'user', content: [{ text: 'Hi' }] },
      { role: 'assistant', content: [{ text: 'Hello' }] },
    ]);
    expect(encoded.warnings.map((warning) => (warning.type === 'unsupported-setting' ? warning.setting : warning.message)).sort()).toEqual(
      ['frequency_penalty', 'logit_bias', 'metadata', 'n', 'name', 'parallel_tool_calls', 'presence_penalty', 'reasoning', 'seed', 'system-message-position', 'tool_choice', 'user'].sort(),
    );
  });

  it('restores bedrock-converse passthrough fields without overriding modelled ones', () => {
    const encoded = encodeBedrockConverseRequest(
      request({
        sampling: { maxOutputTokens: 10 },
        passthrough: { dialect: 'bedrock-converse', fields: { guardrailConfig: { guardrailIdentifier: 'g1', guardrailVersion: '1' }, inferenceConfig: { maxTokens: 99 } } },
      }),
      { model: CLAUDE },
    );
    expect(encoded.body.guardrailConfig).toEqual({ guardrailIdentifier: 'g1', guardrailVersion: '1' });
    expect(encoded.body.inferenceConfig).toEqual({ maxTokens: 10 });
    expect(encoded.warnings).toEqual([]);
  });

  it('sends s3:// media by location and refuses web URLs and unknown media types with a 400 naming the part', () => {
    const s3 = encodeBedrockConverseRequest(
      request({ messages: [{ role: 'user', content: [{ type: 'image', source: { type: 'url', url: 's3://bucket/cat.JPG' } }] }] }),
      { model: CLAUDE },
    );
    expect(s3.body.messages).toEqual([{ role: 'user', content: [{ image: { format: 'jpeg', source: { s3Location: { uri: 's3://bucket/cat.JPG' } } } }] }]);

    const webImage = request({ messages: [{ role: 'user', content: [{ type: 'text', text: 'see' }, { type: 'image', source: { type: 'url', url: 'https://example.com/cat.png' } }] }] });
    expect(() => encodeBedrockConverseRequest(webImage, { model: CLAUDE })).toThrow(GatewayError);
    expect(() => encodeBedrockConverseRequest(webImage, { model: CLAUDE })).toThrow(/messages\[0\]\.content\[1\]: bedrock-converse accepts media only as base64/);
    try {
      encodeBedrockConverseRequest(webImage, { model: CLAUDE });
    } catch (error) {
      expect(error).toMatchObject({ code: 'GW_INVALID_REQUEST', status: 400, param: 'messages[0].content[1]' });
    }
    const audio = request({ messages: [{ role: 'user', content: [{ type: 'file', mediaType: 'audio/wav', source: { type: 'base64', mediaType: 'audio/wav', data: 'UklGRg==' } }] }] });
    expect(() => encodeBedrockConverseRequest(audio, { model: CLAUDE })).toThrow(/does not accept "audio\/wav" files/);
  });

  it('refuses tool call arguments that are not JSON', () => {
    const broken = request({
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'go' }] },
        { role: 'assistant', content: [{ type: 'tool-call', toolCallId: 't1', toolName: 'lookup', argumentsJson: '{"city": "Par' }] },
      ],
    });
    expect(() => encodeBedrockConverseRequest(broken, { model: CLAUDE })).toThrow(/messages\[1\]\.content\[0\]: tool call arguments are not valid JSON/);
  });
});
