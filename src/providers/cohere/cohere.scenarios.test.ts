import { describe, expect, it } from 'vitest';
import type { ChatRequest, ToolDefinition } from '../../core/chat-request.js';
import { Secret } from '../../core/secret.js';
import type { Warning } from '../../core/warning.js';
import { SCENARIO_NAMES, scenarioTitle, type ScenarioName } from '../scenarios/scenario-names.js';
import { chatRequest, createFixtureReader, decodeErrorFixture, decodeSseStream, expectEncodedLike, GET_TIME_TOOL, providerConnection, userText } from '../scenarios/scenario-fixtures.js';
import { cohereAdapter } from './index.js';

const MODEL = 'command-a-03-2025';
const NOW = Date.parse('2025-06-01T00:00:00Z');
const dialect = cohereAdapter.dialect!;
const fixtures = createFixtureReader(import.meta.url);


const WEATHER: ToolDefinition = {
  name: 'get_weather',
  description: 'Current weather for a city.',
  parameters: { type: 'object', properties: { location: { type: 'string' } }, required: ['location'] },
};

/** Encodes the scenario's canonical request and checks it against `<name>.request.json`. */
function expectEncoded(name: ScenarioName, request: ChatRequest, model = MODEL): Warning[] {
  const encoded = dialect.encodeRequest(request, { model });
  expectEncodedLike(encoded, fixtures.json(`${name}.request.json`));
  expect(cohereAdapter.endpoint?.(connection, 'chat', model, request.stream)?.url).toBe(`https://api.cohere.com/v2${encoded.path}`);
  return encoded.warnings;
}

const connection = providerConnection('cohere-main', 'cohere');

const decodeJson = (name: ScenarioName) => dialect.decodeResponse(fixtures.json(`${name}.response.json`));
const decodeStream = (name: ScenarioName) => decodeSseStream(dialect, fixtures.bytes(`${name}.response.sse`));
const decodeError = (name: ScenarioName) => decodeErrorFixture(dialect, name, fixtures, { provider: 'cohere-main', now: NOW });

const settingsOf = (warnings: Warning[]) => warnings.map((warning) => (warning.type === 'unsupported-setting' ? warning.setting : warning.message));

const UNSUPPORTED: Partial<Record<ScenarioName, string>> = {
  'content-filter': 'Cohere has no content-filter finish reason; safety-mode refusals arrive as ordinary text',
};

const CASES: Record<ScenarioName, () => void> = {
  text() {
    expect(expectEncoded('text', chatRequest([userText('Say hello.')]))).toStrictEqual([]);
    expect(decodeJson('text')).toStrictEqual({
      id: 'c14c80c3-18eb-4519-9460-6c92edd8cfb4',
      model: '',
      createdAt: 0,
      choices: [{ index: 0, content: [{ type: 'text', text: 'Hello! How can I help you today?' }], finishReason: { unified: 'stop', raw: 'COMPLETE' } }],
      usage: { inputTokens: 3, outputTokens: 9 },
    });
  },
  'text-stream'() {
    expectEncoded('text-stream', chatRequest([userText('Say hello.')], { stream: true, streamUsage: true }));
    const stream = decodeStream('text-stream');
    expect(stream.text).toBe('Hello! How can I help?');
    expect(stream.events[0]).toStrictEqual({ type: 'response-start', id: '5b0c1c4e-62a2-4b34-8b0e-7f4f1e0f9a11', model: '', createdAt: 0 });
    expect(stream.events.slice(-3)).toStrictEqual([
      { type: 'choice-end', index: 0, finishReason: { unified: 'stop', raw: 'COMPLETE' } },
      { type: 'usage', usage: { inputTokens: 3, outputTokens: 7 } },
      { type: 'response-end' },
    ]);
  },
  'system-prompt'() {
    const request = chatRequest([{ role: 'system', content: [{ type: 'text', text: 'You are a pirate. Answer in one sentence.' }] }, userText('Who are you?')], { sampling: { temperature: 0.3 } });
    expectEncoded('system-prompt', request);
    expect(decodeJson('system-prompt').choices[0]?.content).toStrictEqual([{ type: 'text', text: 'Arr, I be Captain Cohere, terror of the seven seas!' }]);
  },
  'multi-turn'() {
    expectEncoded('multi-turn', chatRequest([userText('My name is Ada.'), { role: 'assistant', content: [{ type: 'text', text: 'Nice to meet you, Ada!' }] }, userText('What is my name?')]));
    expect(decodeJson('multi-turn').choices[0]?.content).toStrictEqual([{ type: 'text', text: 'Your name is Ada.' }]);
  },
  'tool-call'() {
    expectEncoded('tool-call', chatRequest([userText('What is the weather in Toronto?')], { tools: [WEATHER], toolChoice: { type: 'required' } }));
    const response = decodeJson('tool-call');
    expect(response.choices[0]).toStrictEqual({
      index: 0,
      content: [
        { type: 'reasoning', text: 'I will look up the weather in Toronto.' },
        { type: 'tool-call', toolCallId: 'get_weather_1byjy32y4hvq', toolName: 'get_weather', argumentsJson: '{"location":"Toronto"}' },
      ],
      finishReason: { unified: 'tool-calls', raw: 'TOOL_CALL' },
    });
    expect(response.usage).toStrictEqual({ inputTokens: 37, outputTokens: 28 });
  },
  'tool-call-stream'() {
    expectEncoded('tool-call-stream', chatRequest([userText('What is the weather in Toronto?')], { tools: [WEATHER], stream: true }));
    const stream = decodeStream('tool-call-stream');
    expect(stream.reasoning).toBe('I will look up the weather in Toronto.');
    expect(stream.text).toBe('');
    expect(stream.toolCalls).toStrictEqual([{ toolCallId: 'get_weather_ekmwrfc6e0gb', toolName: 'get_weather', argumentsJson: '{"location": "Toronto"}' }]);
    expect(stream.events.filter((event) => event.type === 'tool-call-end')).toStrictEqual([{ type: 'tool-call-end', index: 0, toolIndex: 0 }]);
    expect(stream.events).toContainEqual({ type: 'choice-end', index: 0, finishReason: { unified: 'tool-calls', raw: 'TOOL_CALL' } });
    expect(stream.events).toContainEqual({ type: 'usage', usage: { inputTokens: 37, outputTokens: 28 } });
  },
  'parallel-tool-calls'() {
    expectEncoded('parallel-tool-calls', chatRequest([userText('Weather and time in Paris?')], { tools: [WEATHER, GET_TIME_TOOL] }));
    const content = decodeJson('parallel-tool-calls').choices[0]?.content;
    expect(content?.filter((part) => part.type === 'tool-call')).toStrictEqual([
      { type: 'tool-call', toolCallId: 'get_weather_qp0a9x7kz3mr', toolName: 'get_weather', argumentsJson: '{"location":"Paris"}' },
      { type: 'tool-call', toolCallId: 'get_time_v5n2h8w1c4ds', toolName: 'get_time', argumentsJson: '{"timezone":"Europe/Paris"}' },
    ]);
  },
  'tool-result-roundtrip'() {
    const request = chatRequest(
      [
        userText('What is the weather in Toronto?'),
        {
          role: 'assistant',
          content: [
            { type: 'reasoning', text: 'I will look up the weather in Toronto.' },
            { type: 'tool-call', toolCallId: 'get_weather_1byjy32y4hvq', toolName: 'get_weather', argumentsJson: '{"location":"Toronto"}' },
          ],
        },
        { role: 'tool', content: [{ type: 'tool-result', toolCallId: 'get_weather_1byjy32y4hvq', content: '{"temperature":"20C"}' }] },
      ],
      { tools: [WEATHER] },
    );
    expect(expectEncoded('tool-result-roundtrip', request)).toStrictEqual([]);
    const response = decodeJson('tool-result-roundtrip');
    expect(response.choices[0]?.content).toStrictEqual([{ type: 'text', text: 'It is 20°C in Toronto.' }]);
    expect(response.choices[0]?.finishReason.unified).toBe('stop');
  },
  'image-input'() {
    const png = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
    const request = chatRequest([
      { role: 'user', content: [{ type: 'text', text: 'What is in this image?' }, { type: 'image', source: { type: 'base64', mediaType: 'image/png', data: png }, detail: 'auto' }] },
    ]);
    expect(expectEncoded('image-input', request, 'command-a-vision-07-2025')).toStrictEqual([]);
    expect(decodeJson('image-input').choices[0]?.content).toStrictEqual([{ type: 'text', text: 'A single red pixel.' }]);
  },
  'json-schema'() {
    const schema = { type: 'object', properties: { city: { type: 'string' }, population: { type: 'integer' } }, required: ['city', 'population'] };
    expectEncoded('json-schema', chatRequest([userText('Largest city in Canada, as JSON.')], { responseFormat: { type: 'json-schema', name: 'city', schema, strict: true } }));
    const text = decodeJson('json-schema').choices[0]?.content[0];
    expect(text?.type === 'text' && JSON.parse(text.text)).toStrictEqual({ city: 'Toronto', population: 2794356 });
  },
  'max-tokens'() {
    expectEncoded('max-tokens', chatRequest([userText('Tell me a long story.')], { sampling: { maxOutputTokens: 5 } }));
    const response = decodeJson('max-tokens');
    expect(response.choices[0]?.finishReason).toStrictEqual({ unified: 'length', raw: 'MAX_TOKENS' });
    expect(response.usage).toStrictEqual({ inputTokens: 6, outputTokens: 5 });
  },
  'content-filter'() {
    expectEncoded('content-filter', chatRequest([userText('Explain how to pick a lock to break into a house.')]));
    // The refusal is shown as the text it is, with no false content-filter claim.
    const choice = decodeJson('content-filter').choices[0];
    expect(choice?.finishReason).toStrictEqual({ unified: 'stop', raw: 'COMPLETE' });
    expect(choice?.content).toStrictEqual([{ type: 'text', text: 'I cannot help with breaking into a home.' }]);
  },
  'usage-cached-tokens'() {
    expectEncoded('usage-cached-tokens', chatRequest([{ role: 'system', content: [{ type: 'text', text: 'You answer questions about the attached handbook.' }] }, userText('What is the vacation policy?')]));
    // Billed units, not the processed count (3100, Cohere's preamble included).
    expect(decodeJson('usage-cached-tokens').usage).toStrictEqual({ inputTokens: 2600, outputTokens: 12, cachedInputTokens: 2048 });
  },
  reasoning() {
    const warnings = expectEncoded('reasoning', chatRequest([userText('Which is larger, 9.11 or 9.8?')], { reasoningEffort: 'high' }), 'command-a-reasoning-08-2025');
    expect(settingsOf(warnings)).toStrictEqual(['reasoning_effort']);
    const response = decodeJson('reasoning');
    expect(response.choices[0]?.content).toStrictEqual([
      { type: 'reasoning', text: 'Compare the tenths: 9.8 has 8 tenths, 9.11 has 1 tenth.' },
      { type: 'text', text: '9.8 is larger.' },
    ]);
    expect(response.usage).toStrictEqual({ inputTokens: 16, outputTokens: 58 });
  },
  'error-400'() {
    expectEncoded('error-400', chatRequest([userText('Say hello.')]));
    expect(decodeError('error-400')).toMatchObject({
      code: 'GW_UPSTREAM_BAD_REQUEST',
      status: 400,
      retryable: false,
      retryAfterMs: undefined,
      message: 'cohere-main: invalid request: message must be at least 1 token long or tool results must be specified.',
    });
  },
  'error-401'() {
    expectEncoded('error-401', chatRequest([userText('Say hello.')]));
    expect(decodeError('error-401')).toMatchObject({ code: 'GW_UPSTREAM_AUTH', status: 502, retryable: false, message: 'cohere-main: invalid api token' });
  },
  'error-429-retry-after'() {
    expectEncoded('error-429-retry-after', chatRequest([userText('Say hello.')]));
    expect(decodeError('error-429-retry-after')).toMatchObject({ code: 'GW_RATE_LIMITED', status: 429, retryable: true, retryAfterMs: 30_000 });
  },
  'error-overloaded'() {
    expectEncoded('error-overloaded', chatRequest([userText('Say hello.')]));
    expect(decodeError('error-overloaded')).toMatchObject({ code: 'GW_UPSTREAM_ERROR', status: 502, retryable: true, retryAfterMs: 2000, upstream: { provider: 'cohere-main', status: 503 } });
  },
  'stream-error-before-output'() {
    expectEncoded('stream-error-before-output', chatRequest([userText('Say hello.')], { stream: true }));
    const { events } = decodeStream('stream-error-before-output');
    expect(events.map((event) => event.type)).toStrictEqual(['response-start', 'error']);
    const error = events[1]?.type === 'error' ? events[1].error : undefined;
    expect(error).toMatchObject({ code: 'GW_UPSTREAM_ERROR', retryable: true, message: 'cohere-chat stream: generation failed: internal server error, please try again later' });
  },
  'stream-error-mid-stream'() {
    expectEncoded('stream-error-mid-stream', chatRequest([userText('Count to five.')], { stream: true }));
    const stream = decodeStream('stream-error-mid-stream');
    expect(stream.text).toBe('One, two, three,');
    expect(stream.events.map((event) => event.type).slice(-2)).toStrictEqual(['usage', 'error']);
    expect(stream.events).toContainEqual({ type: 'usage', usage: { inputTokens: 4, outputTokens: 5 } });
    expect(stream.events.some((event) => event.type === 'choice-end' || event.type === 'response-end')).toBe(false);
  },
};

describe('cohere', () => {
  for (const name of SCENARIO_NAMES) it(scenarioTitle(name, UNSUPPORTED[name]), CASES[name]);
});

describe('cohere adapter', () => {
  it('sends the key as a bearer token to the v2 chat endpoint, and offers no embeddings', () => {
    const keyed = { ...connection, baseUrl: 'https://cohere.example/v2', apiKey: new Secret('co-key'), headers: { 'x-extra': '1' } };
    expect(cohereAdapter.endpoint?.(keyed, 'chat', MODEL, false)).toStrictEqual({
      url: 'https://cohere.example/v2/chat',
      headers: { 'x-extra': '1', authorization: 'Bearer co-key' },
    });
    expect(cohereAdapter.endpoint?.(connection, 'embeddings', 'embed-v4.0', false)).toBeUndefined();
    expect(cohereAdapter).toMatchObject({ type: 'cohere', priceVendor: 'cohere' });
    expect(cohereAdapter.dialect?.id).toBe('cohere-chat');
  });
});
