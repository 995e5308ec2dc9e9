import { describe, expect, it } from 'vitest';
import type { ChatMessage, ChatRequest, ToolDefinition } from '../../core/chat-request.js';
import { Secret } from '../../core/secret.js';
import type { Warning } from '../../core/warning.js';
import { openaiChatDialect } from '../../dialects/openai-chat/index.js';
import { SCENARIO_NAMES, scenarioTitle, type ScenarioName } from '../scenarios/scenario-names.js';
import { chatRequest, createFixtureReader, decodeErrorFixture, decodeSseStream, expectEncodedLike, GET_TIME_TOOL, providerConnection, userText } from '../scenarios/scenario-fixtures.js';
import { azureOpenAIAdapter } from './index.js';

/*
 * Azure OpenAI speaks OpenAI's Chat Completions wire: the adapter uses the same
 * openai-chat dialect as `openai`. Azure's own fixtures cover what differs (content filter
 * annotations, the identity-less first stream chunk, its error bodies and retry-after-ms);
 * every other scenario replays the openai fixtures, byte for byte the same wire.
 */
const DEPLOYMENT = 'gpt-4o';
const NOW = Date.parse('2025-06-01T00:00:00Z');
const dialect = azureOpenAIAdapter.dialect!;
const fixtures = createFixtureReader(import.meta.url, '../openai/__fixtures__/');

const connection = providerConnection('azure-main', 'azure-openai', { baseUrl: 'https://my-resource.openai.azure.com', apiKey: new Secret('azure-key-1') });


const WEATHER: ToolDefinition = {
  name: 'get_weather',
  description: 'Current weather for a city.',
  parameters: {
    type: 'object',
    properties: { location: { type: 'string', description: 'City and country, e.g. Paris, France' }, unit: { type: 'string', enum: ['celsius', 'fahrenheit'] } },
    required: ['location', 'unit'],
    additionalProperties: false,
  },
  strict: true,
};

/** Encodes the canonical request, checks it against `<name>.request.json` and the deployment URL, returns the warnings. */
function expectEncoded(name: ScenarioName, request: ChatRequest, deployment = DEPLOYMENT): Warning[] {
  const encoded = dialect.encodeRequest(request, { model: deployment });
  expectEncodedLike(encoded, fixtures.json(`${name}.request.json`));
  expect(azureOpenAIAdapter.endpoint?.(connection, 'chat', deployment, request.stream)).toStrictEqual({
    url: `https://my-resource.openai.azure.com/openai/deployments/${deployment}${encoded.path}?api-version=2024-10-21`,
    headers: { 'api-key': 'azure-key-1' },
  });
  return encoded.warnings;
}

const decodeJson = (name: string) => dialect.decodeResponse(fixtures.json(`${name}.response.json`));
const decodeStream = (name: ScenarioName) => decodeSseStream(dialect, fixtures.bytes(`${name}.response.sse`));
const decodeError = (name: string) => decodeErrorFixture(dialect, name, fixtures, { provider: 'azure-main', now: NOW });
const startedToolCallIds = (name: ScenarioName) => decodeStream(name).events.flatMap((event) => (event.type === 'tool-call-start' ? [event.toolCallId] : []));

const usage = (input: number, output: number, cached = 0, reasoning = 0) => ({ inputTokens: input, outputTokens: output, cachedInputTokens: cached, reasoningTokens: reasoning });
const STOP = { unified: 'stop', raw: 'stop' } as const;
const STREAM_ERROR = 'openai-chat stream: upstream error: The server had an error while processing your request. Sorry about that!';

const CASES: Record<ScenarioName, () => void> = {
  text() {
    expect(expectEncoded('text', chatRequest([userText('Say hello.')]))).toStrictEqual([]);
    // Azure's content_filter_results / prompt_filter_results annotate a clean answer; they change nothing.
    expect(decodeJson('text')).toStrictEqual({
      id: 'chatcmpl-B9MAzureText0aQ1bR2cS3dT4eU',
      model: 'gpt-4o-2024-11-20',
      createdAt: 1741569952,
      choices: [{ index: 0, content: [{ type: 'text', text: 'Hello! How can I assist you today?' }], finishReason: STOP }],
      usage: usage(19, 10),
      systemFingerprint: 'fp_ee1d74bde0',
    });
  },
  'text-stream'() {
    expectEncoded('text-stream', chatRequest([userText('Count to three.')], { stream: true }));
    const stream = decodeStream('text-stream');
    expect(stream.text).toBe('One, two, three.');
    // Azure's first chunk carries only prompt_filter_results, with an empty id and model:
    // the answer starts at the first chunk that names itself.
    expect(stream.events[0]).toStrictEqual({ type: 'response-start', id: 'chatcmpl-B9MAzureStream1fV5gW6hX7iY8', model: 'gpt-4o-2024-11-20', createdAt: 1741570000 });
    expect(stream.events.slice(-3)).toStrictEqual([{ type: 'choice-end', index: 0, finishReason: STOP }, { type: 'usage', usage: usage(12, 8) }, { type: 'response-end' }]);
  },
  'system-prompt'() {
    const system: ChatMessage = { role: 'system', content: [{ type: 'text', text: 'You are a terse assistant. Answer in five words or fewer.' }] };
    expectEncoded('system-prompt', chatRequest([system, userText('What are you?')], { sampling: { temperature: 0.3 } }));
    expect(decodeJson('system-prompt').choices[0]?.content).toStrictEqual([{ type: 'text', text: 'A terse AI assistant.' }]);
  },
  'multi-turn'() {
    const messages = [userText('My name is Ada.', 'ada'), { role: 'assistant', content: [{ type: 'text', text: 'Nice to meet you, Ada!' }] } as ChatMessage, userText('What is my name?', 'ada')];
    expectEncoded('multi-turn', chatRequest(messages, { sampling: { temperature: 0.2, seed: 7 }, user: 'user-1234' }));
    expect(decodeJson('multi-turn').choices[0]?.content).toStrictEqual([{ type: 'text', text: 'Your name is Ada.' }]);
  },
  'tool-call'() {
    expectEncoded('tool-call', chatRequest([userText("What's the weather in Paris?")], { tools: [WEATHER], toolChoice: { type: 'auto' } }));
    expect(decodeJson('tool-call').choices[0]).toStrictEqual({
      index: 0,
      content: [{ type: 'tool-call', toolCallId: 'call_Az9kQ2lK7bT1mZ4pW8vR0sNe', toolName: 'get_weather', argumentsJson: '{"location":"Paris, France","unit":"celsius"}' }],
      finishReason: { unified: 'tool-calls', raw: 'tool_calls' },
    });
  },
  'tool-call-stream'() {
    expectEncoded('tool-call-stream', chatRequest([userText('Weather in Paris?')], { tools: [WEATHER, GET_TIME_TOOL], toolChoice: { type: 'tool', toolName: 'get_weather' }, stream: true }));
    expect(startedToolCallIds('tool-call-stream')).toStrictEqual(['call_Wq3kT8nLp2Ys5vB7dR1mF0aH']);
  },
  'parallel-tool-calls'() {
    expectEncoded('parallel-tool-calls', chatRequest([userText('Weather in Paris and in Rome?')], { tools: [WEATHER], toolChoice: { type: 'required' }, parallelToolCalls: true, stream: true }));
    expect(startedToolCallIds('parallel-tool-calls')).toStrictEqual(['call_Pa7rIs0WxQ1yT5uV9kL3mN2b', 'call_Ro8mE4aWxZ6cD2fG1hJ5kL9p']);
  },
  'tool-result-roundtrip'() {
    const messages: ChatMessage[] = [
      userText('Weather in Paris and in Rome?'),
      {
        role: 'assistant',
        content: [
          { type: 'text', text: 'Checking both.' },
          { type: 'tool-call', toolCallId: 'call_Pa7rIs0WxQ1yT5uV9kL3mN2b', toolName: 'get_weather', argumentsJson: '{"location":"Paris, France","unit":"celsius"}' },
          { type: 'tool-call', toolCallId: 'call_Ro8mE4aWxZ6cD2fG1hJ5kL9p', toolName: 'get_weather', argumentsJson: '{"location":"Rome, Italy","unit":"celsius"}' },
        ],
      },
      { role: 'tool', content: [{ type: 'tool-result', toolCallId: 'call_Pa7rIs0WxQ1yT5uV9kL3mN2b', content: '{"temperature":18,"sky":"sunny"}' }] },
      { role: 'tool', content: [{ type: 'tool-result', toolCallId: 'call_Ro8mE4aWxZ6cD2fG1hJ5kL9p', content: [{ type: 'text', text: 'weather service timed out' }], isError: true }] },
    ];
    expect(expectEncoded('tool-result-roundtrip', chatRequest(messages, { tools: [WEATHER] })).map((warning) => warning.type === 'unsupported-setting' && warning.setting)).toStrictEqual(['tool-result-error']);
    expect(decodeJson('tool-result-roundtrip').choices[0]?.finishReason).toStrictEqual(STOP);
  },
  'image-input'() {
    const png = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
    const message: ChatMessage = {
      role: 'user',
      content: [
        { type: 'text', text: 'What is in these images?' },
        { type: 'image', source: { type: 'url', url: 'https://upload.wikimedia.org/wikipedia/commons/a/a7/Camponotus_flavomarginatus_ant.jpg' }, detail: 'high' },
        { type: 'image', source: { type: 'base64', mediaType: 'image/png', data: png } },
      ],
    };
    expect(expectEncoded('image-input', chatRequest([message]))).toStrictEqual([]);
    expect(decodeJson('image-input').usage).toStrictEqual(usage(1122, 13));
  },
  'json-schema'() {
    const schema = {
      type: 'object',
      properties: { city: { type: 'string' }, country: { type: 'string' }, population: { type: 'integer' } },
      required: ['city', 'country', 'population'],
      additionalProperties: false,
    };
    expectEncoded('json-schema', chatRequest([userText('Give me facts about Paris.')], { responseFormat: { type: 'json-schema', name: 'city_facts', schema, strict: true } }));
    const text = decodeJson('json-schema').choices[0]?.content[0];
    expect(text?.type === 'text' && JSON.parse(text.text)).toStrictEqual({ city: 'Paris', country: 'France', population: 2102650 });
  },
  'max-tokens'() {
    expectEncoded('max-tokens', chatRequest([userText('Write a long poem about the sea.')], { sampling: { maxOutputTokens: 16 } }));
    expect(decodeJson('max-tokens').choices[0]?.finishReason).toStrictEqual({ unified: 'length', raw: 'length' });
  },
  'content-filter'() {
    expectEncoded('content-filter', chatRequest([userText('Describe the fight scene in gory detail.')]));
    // The answer was filtered: no content, and the finish reason says so.
    const response = decodeJson('content-filter');
    expect(response.choices).toStrictEqual([{ index: 0, content: [], finishReason: { unified: 'content-filter', raw: 'content_filter' } }]);
    expect(response.usage).toStrictEqual({ inputTokens: 16, outputTokens: 38 });
    // The prompt was filtered: Azure refuses it with a 400 whose code is `content_filter`.
    const error = decodeError('content-filter-prompt');
    expect(error).toMatchObject({ code: 'GW_CONTENT_FILTERED', status: 400, retryable: false, retryAfterMs: undefined, param: 'prompt', upstream: { provider: 'azure-main', status: 400 } });
    expect(error.message).toMatch(/^azure-main: The response was filtered due to the prompt triggering Azure OpenAI's content management policy\./);
  },
  'usage-cached-tokens'() {
    // Azure caches long prompts by itself; the request asks for nothing special.
    const system: ChatMessage = { role: 'system', content: [{ type: 'text', text: 'You answer questions about the attached employee handbook.' }] };
    expectEncoded('usage-cached-tokens', chatRequest([system, userText('What is the vacation policy?')]));
    expect(decodeJson('usage-cached-tokens').usage).toStrictEqual(usage(2006, 9, 1920));
  },
  reasoning() {
    const messages: ChatMessage[] = [userText('Which is larger, 9.11 or 9.8?'), { role: 'assistant', content: [{ type: 'text', text: '9.8 is larger.' }] }, userText('And 9.11 or 9.09?')];
    expect(expectEncoded('reasoning', chatRequest(messages, { reasoningEffort: 'high', sampling: { maxOutputTokens: 4000 } }), 'o4-mini')).toStrictEqual([]);
    const response = decodeJson('reasoning');
    expect(response.choices[0]?.content).toStrictEqual([{ type: 'text', text: '9.11 is larger than 9.09.' }]);
    expect(response.usage?.reasoningTokens).toBe(192);
  },
  'error-400'() {
    expectEncoded('error-400', chatRequest([userText('Say hello.')], { sampling: { temperature: 3 } }));
    expect(decodeError('error-400')).toMatchObject({ code: 'GW_UPSTREAM_BAD_REQUEST', status: 400, retryable: false, param: 'temperature' });
  },
  'error-401'() {
    expectEncoded('error-401', chatRequest([userText('Say hello.')]));
    expect(decodeError('error-401')).toMatchObject({
      code: 'GW_UPSTREAM_AUTH',
      status: 502,
      retryable: false,
      message: 'azure-main: Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource.',
      upstream: { provider: 'azure-main', status: 401 },
    });
  },
  'error-429-retry-after'() {
    expectEncoded('error-429-retry-after', chatRequest([userText('Say hello.')]));
    // Azure sends retry-after-ms (6400) beside retry-after (7 s); the precise one wins.
    expect(decodeError('error-429-retry-after')).toMatchObject({ code: 'GW_RATE_LIMITED', status: 429, retryable: true, retryAfterMs: 6400 });
  },
  'error-overloaded'() {
    expectEncoded('error-overloaded', chatRequest([userText('Say hello.')]));
    expect(decodeError('error-overloaded')).toMatchObject({ code: 'GW_UPSTREAM_ERROR', retryable: true, upstream: { status: 503 } });
  },
  'stream-error-before-output'() {
    expectEncoded('stream-error-before-output', chatRequest([userText('Say hello.')], { stream: true }));
    const { events } = decodeStream('stream-error-before-output');
    expect(events[0]).toMatchObject({ type: 'error', error: { code: 'GW_UPSTREAM_ERROR', retryable: true, message: STREAM_ERROR } });
  },
  'stream-error-mid-stream'() {
    expectEncoded('stream-error-mid-stream', chatRequest([userText('Tell me a story.')], { stream: true }));
    const { events, text } = decodeStream('stream-error-mid-stream');
    expect(text).toBe('Once upon a time');
    expect(events[3]).toMatchObject({ type: 'error', error: { code: 'GW_UPSTREAM_ERROR', message: STREAM_ERROR } });
  },
};

describe('azure-openai', () => {
  it('speaks the openai-chat dialect, so the openai fixtures apply unchanged', () => {
    expect(dialect).toBe(openaiChatDialect);
  });
  for (const name of SCENARIO_NAMES) it(scenarioTitle(name), CASES[name]);
});
