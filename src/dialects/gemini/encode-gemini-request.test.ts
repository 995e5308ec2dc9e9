import { describe, expect, it } from 'vitest';
import type { ChatMessage, ChatRequest } from '../../core/chat-request.js';
import { GatewayError } from '../../core/errors.js';
import { decodeGeminiResponse } from './decode-gemini-response.js';
import { encodeGeminiRequest } from './encode-gemini-request.js';

const request = (overrides: Partial<ChatRequest>): ChatRequest => ({
  model: 'alias',
  messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }],
  sampling: {},
  stream: false,
  ...overrides,
});

const WEATHER_TOOL = { name: 'get_weather', description: 'Weather for a city', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } };

describe('encodeGeminiRequest', () => {
  it('encodes system, turns, tools, tool choice, sampling and structured output', () => {
    const encoded = encodeGeminiRequest(
      request({
        messages: [
          { role: 'system', content: [{ type: 'text', text: 'Be brief.' }] },
          { role: 'user', content: [{ type: 'text', text: 'Weather in Paris?' }] },
          { role: 'system', content: [{ type: 'text', text: 'Answer in French.' }] },
        ],
        tools: [WEATHER_TOOL, { name: 'now', parameters: {} }],
        toolChoice: { type: 'tool', toolName: 'get_weather' },
        sampling: { temperature: 0.2, topP: 0.9, maxOutputTokens: 256, stop: ['END'], seed: 7, presencePenalty: 0.1, frequencyPenalty: 0.3, choiceCount: 2 },
        responseFormat: { type: 'json-schema', name: 'weather', schema: { type: 'object', properties: { summary: { type: 'string' } } } },
      }),
      { model: 'gemini-2.5-flash' },
    );
    expect(encoded).toEqual({
      path: '/models/gemini-2.5-flash:generateContent',
      warnings: [],
      body: {
        systemInstruction: { parts: [{ text: 'Be brief.' }, { text: 'Answer in French.' }] },
        contents: [{ role: 'user', parts: [{ text: 'Weather in Paris?' }] }],
        tools: [{ functionDeclarations: [{ name: 'get_weather', description: 'Weather for a city', parametersJsonSchema: WEATHER_TOOL.parameters }, { name: 'now' }] }],
        toolConfig: { functionCallingConfig: { mode: 'ANY', allowedFunctionNames: ['get_weather'] } },
        generationConfig: {
          temperature: 0.2,
          topP: 0.9,
          maxOutputTokens: 256,
          stopSequences: ['END'],
          seed: 7,
          presencePenalty: 0.1,
          frequencyPenalty: 0.3,
          candidateCount: 2,
          responseMimeType: 'application/json',
          responseJsonSchema: { type: 'object', properties: { summary: { type: 'string' } } },
        },
      },
    });
  });

  it.each([
    [{ type: 'auto' } as const, { mode: 'AUTO' }],
    [{ type: 'none' } as const, { mode: 'NONE' }],
    [{ type: 'required' } as const, { mode: 'ANY' }],
  ])('maps tool choice %o', (toolChoice, expected) => {
    expect(encodeGeminiRequest(request({ toolChoice }), { model: 'gemini-2.5-flash' }).body.toolConfig).toEqual({ functionCallingConfig: expected });
  });

  it('merges tool results into one user turn, names them from the nearest earlier call, and wraps non-objects', () => {
    const messages: ChatMessage[] = [
      { role: 'user', content: [{ type: 'text', text: 'Go' }] },
      { role: 'assistant', content: [{ type: 'tool-call', toolCallId: 'call_0_0', toolName: 'old_tool', argumentsJson: '{}' }] },
      { role: 'tool', content: [{ type: 'tool-result', toolCallId: 'call_0_0', content: 'done' }] },
      {
        role: 'assistant',
        content: [
          { type: 'text', text: 'Checking.' },
          { type: 'tool-call', toolCallId: 'call_0_0', toolName: 'get_weather', argumentsJson: '{"city":"Paris"}' },
          { type: 'tool-call', toolCallId: 'call_0_1', toolName: 'get_weather', argumentsJson: '' },
        ],
      },
      { role: 'tool', content: [{ type: 'tool-result', toolCallId: 'call_0_0', content: '{"temp":21}' }] },
      { role: 'tool', content: [{ type: 'tool-result', toolCallId: 'call_0_1', content: [{ type: 'text', text: '[1,2]' }] }] },
      { role: 'user', content: [{ type: 'tool-result', toolCallId: 'call_0_1', content: 'boom', isError: true }, { type: 'text', text: 'Thanks' }] },
    ];
    const { body, warnings } = encodeGeminiRequest(request({ messages }), { model: 'gemini-2.5-pro' });
    expect(warnings).toEqual([]);
    expect(body.contents).toEqual([
      { role: 'user', parts: [{ text: 'Go' }] },
      { role: 'model', parts: [{ functionCall: { name: 'old_tool', args: {} } }] },
      { role: 'user', parts: [{ functionResponse: { name: 'old_tool', response: { result: 'done' } } }] },
      { role: 'model', parts: [{ text: 'Checking.' }, { functionCall: { name: 'get_weather', args: { city: 'Paris' } } }, { functionCall: { name: 'get_weather', args: {} } }] },
      {
        role: 'user',
        parts: [
          { functionResponse: { name: 'get_weather', response: { temp: 21 } } },
          { functionResponse: { name: 'get_weather', response: { result: [1, 2] } } },
          { functionResponse: { name: 'get_weather', response: { error: 'boom' } } },
          { text: 'Thanks' },
        ],
      },
    ]);
  });

  it('refuses a tool result that answers no call, and arguments that are not an object', () => {
    const orphan = request({ messages: [{ role: 'tool', content: [{ type: 'tool-result', toolCallId: 'nope', content: 'x' }] }] });
    expect(() => encodeGeminiRequest(orphan, { model: 'gemini-2.5-flash' })).toThrow(GatewayError);
    expect(() => encodeGeminiRequest(orphan, { model: 'gemini-2.5-flash' })).toThrow('messages[0]: tool result "nope" answers no earlier tool call');
    const badArguments = request({ messages: [{ role: 'assistant', content: [{ type: 'tool-call', toolCallId: 'c', toolName: 'f', argumentsJson: '[1]' }] }] });
    expect(() => encodeGeminiRequest(badArguments, { model: 'gemini-2.5-flash' })).toThrow('tool call "c": arguments must be a JSON object');
  });

  it('puts each thought signature on the part it preceded, or on the last part of its turn', () => {
    const messages: ChatMessage[] = [
      {
        role: 'assistant',
        content: [
          { type: 'reasoning', text: 'unsigned summary' },
          { type: 'reasoning', text: 'signed summary', signature: 'S1' },
          { type: 'reasoning', text: '', signature: 'S2' },
          { type: 'tool-call', toolCallId: 'a', toolName: 'f', argumentsJson: '{}' },
          { type: 'tool-call', toolCallId: 'b', toolName: 'f', argumentsJson: '{}' },
        ],
      },
      { role: 'tool', content: [{ type: 'tool-result', toolCallId: 'a', content: '{}' }, { type: 'tool-result', toolCallId: 'b', content: '{}' }] },
      { role: 'assistant', content: [{ type: 'text', text: 'Both done.' }, { type: 'reasoning', text: '', signature: 'S3' }] },
    ];
    const { body, warnings } = encodeGeminiRequest(request({ messages }), { model: 'gemini-3-pro-preview' });
    expect(warnings).toEqual([]);
    expect(body.contents).toEqual([
      {
        role: 'model',
        parts: [
          { text: 'signed summary', thought: true, thoughtSignature: 'S1' },
          { functionCall: { name: 'f', args: {} }, thoughtSignature: 'S2' },
          { functionCall: { name: 'f', args: {} } },
        ],
      },
      { role: 'user', parts: [{ functionResponse: { name: 'f', response: {} } }, { functionResponse: { name: 'f', response: {} } }] },
      { role: 'model', parts: [{ text: 'Both done.', thoughtSignature: 'S3' }] },
    ]);
  });

  it('round-trips a decoded Gemini answer with its signature on the first call', () => {
    const answer = decodeGeminiResponse({
      candidates: [{ content: { parts: [{ text: 'plan', thought: true }, { functionCall: { name: 'f', args: { x: 1 } }, thoughtSignature: 'SIG' }, { functionCall: { name: 'f', args: { x: 2 } } }] }, finishReason: 'STOP' }],
    });
    const messages: ChatMessage[] = [{ role: 'user', content: [{ type: 'text', text: 'Go' }] }, { role: 'assistant', content: answer.choices[0]?.content ?? [] }];
    const { body } = encodeGeminiRequest(request({ messages }), { model: 'gemini-3-flash-preview' });
    expect(body.contents).toEqual([
      { role: 'user', parts: [{ text: 'Go' }] },
      { role: 'model', parts: [{ functionCall: { name: 'f', args: { x: 1 } }, thoughtSignature: 'SIG' }, { functionCall: { name: 'f', args: { x: 2 } } }] },
    ]);
  });

  it('gives the first unsigned call of a turn Google\'s placeholder signature on Gemini 3 and unknown names only', () => {
    const messages: ChatMessage[] = [{ role: 'assistant', content: [{ type: 'tool-call', toolCallId: 'call_x', toolName: 'f', argumentsJson: '{}' }, { type: 'tool-call', toolCallId: 'call_y', toolName: 'g', argumentsJson: '{}' }] }];
    const gemini3 = encodeGeminiRequest(request({ messages }), { model: 'gemini-3-pro-preview' });
    expect(gemini3.body.contents).toEqual([
      { role: 'model', parts: [{ functionCall: { name: 'f', args: {} }, thoughtSignature: 'skip_thought_signature_validator' }, { functionCall: { name: 'g', args: {} } }] },
    ]);
    expect(gemini3.warnings).toEqual([]);
    const alias = encodeGeminiRequest(request({ messages }), { model: 'gemini-flash-latest' }).body.contents as { parts: Record<string, unknown>[] }[];
    expect(alias[0]?.parts[0]?.thoughtSignature).toBe('skip_thought_signature_validator');
    const gemini25 = encodeGeminiRequest(request({ messages }), { model: 'gemini-2.5-flash' });
    expect(gemini25.body.contents).toEqual([{ role: 'model', parts: [{ functionCall: { name: 'f', args: {} } }, { functionCall: { name: 'g', args: {} } }] }]);
    expect(gemini25.warnings).toEqual([]);
  });

  it.each([
    ['gemini-2.5-pro', 'high', { thinkingBudget: 24576, includeThoughts: true }, 0],
    ['gemini-2.5-flash', 'medium', { thinkingBudget: 8192, includeThoughts: true }, 0],
    ['gemini-2.5-flash', 'low', { thinkingBudget: 1024, includeThoughts: true }, 0],
    ['gemini-2.5-flash', 'none', { thinkingBudget: 0 }, 0],
    ['gemini-2.5-flash', 'minimal', { thinkingBudget: 1024, includeThoughts: true }, 1],
    ['gemini-3-pro-preview', 'high', { thinkingLevel: 'HIGH', includeThoughts: true }, 0],
    ['gemini-3-flash-preview', 'Minimal', { thinkingLevel: 'MINIMAL', includeThoughts: true }, 0],
    ['gemini-flash-latest', 'low', { thinkingLevel: 'LOW', includeThoughts: true }, 0],
    ['gemini-3-pro-preview', 'none', undefined, 1],
    ['gemini-2.5-pro', 'xhigh', undefined, 1],
  ] as const)('%s with effort %s -> %o (%i warnings)', (model, reasoningEffort, thinkingConfig, warningCount) => {
    const { body, warnings } = encodeGeminiRequest(request({ reasoningEffort }), { model });
    expect((body.generationConfig as Record<string, unknown> | undefined)?.thinkingConfig).toEqual(thinkingConfig);
    expect(warnings).toHaveLength(warningCount);
  });

  it('encodes media by source and warns about URLs Gemini may not read', () => {
    const messages: ChatMessage[] = [
      {
        role: 'user',
        content: [
          { type: 'image', source: { type: 'base64', mediaType: 'image/png', data: 'iVBORw0KGgo=' } },
          { type: 'image', source: { type: 'url', url: 'gs://bucket/cat.webp' } },
          { type: 'image', source: { type: 'url', url: 'data:image/jpeg;base64,/9j/4AAQ' } },
          { type: 'file', source: { type: 'url', url: 'https://generativelanguage.googleapis.com/v1beta/files/abc' }, mediaType: 'application/pdf' },
          { type: 'image', source: { type: 'url', url: 'https://example.com/pic' } },
          { type: 'image', source: { type: 'url', url: 'http://example.com/a.png' } },
        ],
      },
    ];
    const { body, warnings } = encodeGeminiRequest(request({ messages }), { model: 'gemini-2.5-flash' });
    expect(body.contents).toEqual([
      {
        role: 'user',
        parts: [
          { inlineData: { mimeType: 'image/png', data: 'iVBORw0KGgo=' } },
          { fileData: { mimeType: 'image/webp', fileUri: 'gs://bucket/cat.webp' } },
          { inlineData: { mimeType: 'image/jpeg', data: '/9j/4AAQ' } },
          { fileData: { mimeType: 'application/pdf', fileUri: 'https://generativelanguage.googleapis.com/v1beta/files/abc' } },
          { fileData: { mimeType: 'image/jpeg', fileUri: 'https://example.com/pic' } },
        ],
      },
    ]);
    expect(warnings.map((warning) => (warning.type === 'unsupported-setting' ? warning.setting : warning.type))).toEqual(['media-url', 'media-mime-type']);
  });

  it('warns about what Gemini has no field for, and restores its own passthrough', () => {
    const { body, warnings } = encodeGeminiRequest(
      request({
        messages: [{ role: 'user', name: 'ann', content: [{ type: 'text', text: 'Hi' }] }],
        tools: [{ ...WEATHER_TOOL, strict: true }],
        parallelToolCalls: false,
        user: 'u-1',
        metadata: { a: 'b' },
        passthrough: { dialect: 'openai-chat', fields: { logit_bias: {} } },
        stream: true,
      }),
      { model: 'gemini-2.5-flash' },
    );
    expect(warnings.map((warning) => (warning.type === 'unsupported-setting' ? warning.setting : warning.type))).toEqual([
      'message-name',
      'tools.strict',
      'parallelToolCalls',
      'user',
      'metadata',
      'logit_bias',
    ]);
    expect(body.generationConfig).toBeUndefined();
    const own = encodeGeminiRequest(request({ passthrough: { dialect: 'gemini', fields: { safetySettings: [{ category: 'HARM_CATEGORY_HATE_SPEECH', threshold: 'BLOCK_NONE' }], contents: 'ignored' } } }), { model: 'm' });
    expect(own.body.safetySettings).toEqual([{ category: 'HARM_CATEGORY_HATE_SPEECH', threshold: 'BLOCK_NONE' }]);
    expect(own.body.contents).toEqual([{ role: 'user', parts: [{ text: 'Hi' }] }]);
  });

  it('streams through streamGenerateContent with SSE, escaping the model name', () => {
    expect(encodeGeminiRequest(request({ stream: true }), { model: 'models/gemini-2.5-flash' }).path).toBe('/models/gemini-2.5-flash:streamGenerateContent?alt=sse');
    expect(encodeGeminiRequest(request({}), { model: 'tuned model?x' }).path).toBe('/models/tuned%20model%3Fx:generateContent');
  });
});
