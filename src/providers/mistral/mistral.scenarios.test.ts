import { describe, expect, it } from 'vitest';
import type { ChatRequest, ToolDefinition } from '../../core/chat-request.js';
import { Secret } from '../../core/secret.js';
import type { Warning } from '../../core/warning.js';
import { SCENARIO_NAMES, scenarioTitle, type ScenarioName } from '../scenarios/scenario-names.js';
import { chatRequest, createFixtureReader, decodeErrorFixture, decodeSseStream, expectEncodedLike, GET_TIME_TOOL, providerConnection, userText } from '../scenarios/scenario-fixtures.js';
import { mistralAdapter } from './index.js';

const MODEL = 'mistral-large-latest';
const NOW = Date.parse('2025-06-01T00:00:00Z');
const dialect = mistralAdapter.dialect!;
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
  expect(mistralAdapter.endpoint?.(connection, 'chat', model, request.stream)?.url).toBe(`https://api.mistral.ai/v1${encoded.path}`);
  return encoded.warnings;
}

const connection = providerConnection('mistral-main', 'mistral');

const decodeJson = (name: ScenarioName) => dialect.decodeResponse(fixtures.json(`${name}.response.json`));
const decodeStream = (name: ScenarioName) => decodeSseStream(dialect, fixtures.bytes(`${name}.response.sse`));
const decodeError = (name: ScenarioName) => decodeErrorFixture(dialect, name, fixtures, { provider: 'mistral-main', now: NOW });

const UNSUPPORTED: Partial<Record<ScenarioName, string>> = {
  'content-filter': 'Mistral has no content-filter finish reason; safe_prompt only steers the model, whose refusal arrives as ordinary text',
};

const CASES: Record<ScenarioName, () => void> = {
  text() {
    expect(expectEncoded('text', chatRequest([userText('Say hello.')]))).toStrictEqual([]);
    expect(decodeJson('text')).toStrictEqual({
      id: 'cmpl-e5cc70bb28c444948073e77776eb30ef',
      model: 'mistral-large-latest',
      createdAt: 1735000000,
      choices: [{ index: 0, content: [{ type: 'text', text: 'Hello! How can I assist you today?' }], finishReason: { unified: 'stop', raw: 'stop' } }],
      usage: { inputTokens: 7, outputTokens: 10 },
    });
  },
  'text-stream'() {
    // No stream_options: Mistral rejects it and always sends usage in the last chunk.
    expect(expectEncoded('text-stream', chatRequest([userText('Say hello.')], { stream: true, streamUsage: true }))).toStrictEqual([]);
    const stream = decodeStream('text-stream');
    expect(stream.text).toBe('Hello! How can I help?');
    expect(stream.events[0]).toStrictEqual({ type: 'response-start', id: 'cmpl-3b6e2c8f0d9a4e1b8c7d6e5f4a3b2c1d', model: 'mistral-large-latest', createdAt: 1735000100 });
    expect(stream.events.slice(-3)).toStrictEqual([
      { type: 'choice-end', index: 0, finishReason: { unified: 'stop', raw: 'stop' } },
      { type: 'usage', usage: { inputTokens: 7, outputTokens: 8 } },
      { type: 'response-end' },
    ]);
  },
  'system-prompt'() {
    const request = chatRequest([{ role: 'system', content: [{ type: 'text', text: 'You are a pirate. Answer in one sentence.' }] }, userText('Who are you?')], { sampling: { temperature: 0.3 } });
    expectEncoded('system-prompt', request);
    expect(decodeJson('system-prompt').choices[0]?.content).toStrictEqual([{ type: 'text', text: 'Arr, I be Captain Mistral, scourge of the seven seas!' }]);
  },
  'multi-turn'() {
    expectEncoded('multi-turn', chatRequest([userText('My name is Ada.'), { role: 'assistant', content: [{ type: 'text', text: 'Nice to meet you, Ada!' }] }, userText('What is my name?')]));
    expect(decodeJson('multi-turn').choices[0]?.content).toStrictEqual([{ type: 'text', text: 'Your name is Ada.' }]);
  },
  'tool-call'() {
    // tool_choice `required` goes out as Mistral's `any`.
    expectEncoded('tool-call', chatRequest([userText('What is the weather in Paris?')], { tools: [WEATHER], toolChoice: { type: 'required' } }));
    const response = decodeJson('tool-call');
    // The call arrives without `type`; it is still a function call.
    expect(response.choices[0]).toStrictEqual({
      index: 0,
      content: [{ type: 'tool-call', toolCallId: 'D681PevKs', toolName: 'get_weather', argumentsJson: '{"location": "Paris"}' }],
      finishReason: { unified: 'tool-calls', raw: 'tool_calls' },
    });
    expect(response.usage).toStrictEqual({ inputTokens: 86, outputTokens: 22 });
  },
  'tool-call-stream'() {
    expectEncoded('tool-call-stream', chatRequest([userText('What is the weather in Paris?')], { tools: [WEATHER], stream: true }));
    const stream = decodeStream('tool-call-stream');
    // Mistral streams each call whole, in one chunk.
    expect(stream.toolCalls).toStrictEqual([{ toolCallId: 'Qx7mN2pLk', toolName: 'get_weather', argumentsJson: '{"location": "Paris"}' }]);
    expect(stream.events.slice(-4)).toStrictEqual([
      { type: 'tool-call-end', index: 0, toolIndex: 0 },
      { type: 'choice-end', index: 0, finishReason: { unified: 'tool-calls', raw: 'tool_calls' } },
      { type: 'usage', usage: { inputTokens: 86, outputTokens: 22 } },
      { type: 'response-end' },
    ]);
  },
  'parallel-tool-calls'() {
    expectEncoded('parallel-tool-calls', chatRequest([userText('Weather and time in Paris?')], { tools: [WEATHER, GET_TIME_TOOL], parallelToolCalls: true }));
    expect(decodeJson('parallel-tool-calls').choices[0]?.content).toStrictEqual([
      { type: 'tool-call', toolCallId: 'aB3dE5gH7', toolName: 'get_weather', argumentsJson: '{"location": "Paris"}' },
      { type: 'tool-call', toolCallId: 'kM9nP1qR3', toolName: 'get_time', argumentsJson: '{"timezone": "Europe/Paris"}' },
    ]);
  },
  'tool-result-roundtrip'() {
    // Ids from other providers become 9 letters and digits, the same in calls and results.
    const request = chatRequest(
      [
        userText('Weather and time in Paris?'),
        {
          role: 'assistant',
          content: [
            { type: 'tool-call', toolCallId: 'call_Xc9aQ2lK7bT1', toolName: 'get_weather', argumentsJson: '{"location":"Paris"}' },
            { type: 'tool-call', toolCallId: 'toolu_01A09q90qw90lq917835lq9', toolName: 'get_time', argumentsJson: '{"timezone":"Europe/Paris"}' },
          ],
        },
        {
          role: 'user',
          content: [
            { type: 'tool-result', toolCallId: 'call_Xc9aQ2lK7bT1', content: '{"temperature":"18C"}' },
            { type: 'tool-result', toolCallId: 'toolu_01A09q90qw90lq917835lq9', content: '{"time":"14:05"}' },
          ],
        },
      ],
      { tools: [WEATHER, GET_TIME_TOOL] },
    );
    expect(expectEncoded('tool-result-roundtrip', request)).toStrictEqual([]);
    expect(decodeJson('tool-result-roundtrip').choices[0]?.content).toStrictEqual([{ type: 'text', text: 'It is 18°C in Paris and the time is 14:05.' }]);
  },
  'image-input'() {
    const png = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
    const request = chatRequest([
      {
        role: 'user',
        content: [
          { type: 'text', text: 'What is in this image?' },
          { type: 'image', source: { type: 'url', url: 'https://example.com/photos/eiffel.jpg' } },
          { type: 'image', source: { type: 'base64', mediaType: 'image/png', data: png } },
        ],
      },
    ]);
    expect(expectEncoded('image-input', request, 'mistral-medium-latest')).toStrictEqual([]);
    expect(decodeJson('image-input').choices[0]?.content).toStrictEqual([{ type: 'text', text: 'The Eiffel Tower, and a single red pixel.' }]);
  },
  'json-schema'() {
    const schema = { type: 'object', properties: { city: { type: 'string' }, population: { type: 'integer' } }, required: ['city', 'population'], additionalProperties: false };
    expectEncoded('json-schema', chatRequest([userText('Largest city in France, as JSON.')], { responseFormat: { type: 'json-schema', name: 'city', schema, strict: true } }));
    const text = decodeJson('json-schema').choices[0]?.content[0];
    expect(text?.type === 'text' && JSON.parse(text.text)).toStrictEqual({ city: 'Paris', population: 2102650 });
  },
  'max-tokens'() {
    // max_completion_tokens goes out as Mistral's max_tokens.
    expectEncoded('max-tokens', chatRequest([userText('Tell me a long story.')], { sampling: { maxOutputTokens: 5 } }));
    const response = decodeJson('max-tokens');
    expect(response.choices[0]?.finishReason).toStrictEqual({ unified: 'length', raw: 'length' });
    expect(response.usage).toStrictEqual({ inputTokens: 9, outputTokens: 5 });
  },
  'content-filter'() {
    expectEncoded('content-filter', chatRequest([userText('Explain how to pick a lock to break into a house.')], { passthrough: { dialect: 'openai-chat', fields: { safe_prompt: true } } }));
    // The refusal is shown as the text it is, with no false content-filter claim.
    const choice = decodeJson('content-filter').choices[0];
    expect(choice?.finishReason).toStrictEqual({ unified: 'stop', raw: 'stop' });
    expect(choice?.content).toStrictEqual([{ type: 'text', text: 'I cannot help with breaking into a home.' }]);
  },
  'usage-cached-tokens'() {
    const request = chatRequest([{ role: 'system', content: [{ type: 'text', text: 'You answer questions about the attached handbook.' }] }, userText('What is the vacation policy?')], {
      passthrough: { dialect: 'openai-chat', fields: { prompt_cache_key: 'handbook-session-7' } },
    });
    expectEncoded('usage-cached-tokens', request);
    expect(decodeJson('usage-cached-tokens').usage).toStrictEqual({ inputTokens: 2006, outputTokens: 9, cachedInputTokens: 1920 });
  },
  reasoning() {
    expect(expectEncoded('reasoning', chatRequest([userText('Which is larger, 9.11 or 9.8?')], { reasoningEffort: 'high' }), 'mistral-small-latest')).toStrictEqual([]);
    // The `thinking` chunk is reasoning, never part of the answer text.
    expect(decodeJson('reasoning').choices[0]?.content).toStrictEqual([
      { type: 'reasoning', text: 'Compare the tenths: 9.8 has 8, 9.11 has 1.' },
      { type: 'text', text: '9.8 is larger.' },
    ]);
  },
  'error-400'() {
    expectEncoded('error-400', chatRequest([userText('Say hello.')]));
    expect(decodeError('error-400')).toMatchObject({
      code: 'GW_UPSTREAM_BAD_REQUEST',
      status: 400,
      retryable: false,
      retryAfterMs: undefined,
      message: 'mistral-main: Invalid model: mistral-huge-latest',
    });
  },
  'error-401'() {
    expectEncoded('error-401', chatRequest([userText('Say hello.')]));
    expect(decodeError('error-401')).toMatchObject({ code: 'GW_UPSTREAM_AUTH', status: 502, retryable: false, message: 'mistral-main: Unauthorized' });
  },
  'error-429-retry-after'() {
    expectEncoded('error-429-retry-after', chatRequest([userText('Say hello.')]));
    expect(decodeError('error-429-retry-after')).toMatchObject({ code: 'GW_RATE_LIMITED', status: 429, retryable: true, retryAfterMs: 5000 });
  },
  'error-overloaded'() {
    expectEncoded('error-overloaded', chatRequest([userText('Say hello.')]));
    expect(decodeError('error-overloaded')).toMatchObject({ code: 'GW_UPSTREAM_ERROR', status: 502, retryable: true, retryAfterMs: undefined, upstream: { provider: 'mistral-main', status: 503 } });
  },
  'stream-error-before-output'() {
    expectEncoded('stream-error-before-output', chatRequest([userText('Say hello.')], { stream: true }));
    const { events } = decodeStream('stream-error-before-output');
    expect(events[0]).toMatchObject({ type: 'error', error: { code: 'GW_UPSTREAM_ERROR', retryable: true, message: 'openai-chat stream: upstream error: Internal server error' } });
    expect(events.some((event) => event.type === 'text-delta')).toBe(false);
  },
  'stream-error-mid-stream'() {
    expectEncoded('stream-error-mid-stream', chatRequest([userText('Count to five.')], { stream: true }));
    const stream = decodeStream('stream-error-mid-stream');
    expect(stream.text).toBe('One, two, three,');
    const errorAt = stream.events.findIndex((event) => event.type === 'error');
    const lastText = stream.events.findLastIndex((event) => event.type === 'text-delta');
    expect(errorAt).toBeGreaterThan(lastText);
    expect(stream.events[errorAt]).toMatchObject({ error: { code: 'GW_UPSTREAM_ERROR', message: 'openai-chat stream: upstream error: Internal server error' } });
  },
};

describe('mistral', () => {
  for (const name of SCENARIO_NAMES) it(scenarioTitle(name, UNSUPPORTED[name]), CASES[name]);
});

describe('mistral adapter', () => {
  it('sends the key as a bearer token to the chat and embeddings endpoints', () => {
    const keyed = { ...connection, apiKey: new Secret('ms-key') };
    expect(mistralAdapter.endpoint?.(keyed, 'chat', MODEL, true)).toStrictEqual({ url: 'https://api.mistral.ai/v1/chat/completions', headers: { authorization: 'Bearer ms-key' } });
    expect(mistralAdapter.endpoint?.({ ...keyed, baseUrl: 'https://eu.mistral.example/v1' }, 'embeddings', 'mistral-embed', false)?.url).toBe('https://eu.mistral.example/v1/embeddings');
    expect(mistralAdapter).toMatchObject({ type: 'mistral', priceVendor: 'mistral' });
  });

  it('translates chat (never passes it through) and applies the embeddings quirks to passed-through bodies', () => {
    expect(mistralAdapter.passthrough?.chat).toBeUndefined();
    const embeddings = mistralAdapter.passthrough?.embeddings?.prepareBody({ model: 'alias', input: 'x', dimensions: 128 }, { model: 'mistral-embed', requestStreamUsage: false });
    expect(embeddings).toStrictEqual({ model: 'mistral-embed', input: 'x', output_dimension: 128 });
  });
});
