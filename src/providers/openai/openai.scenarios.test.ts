import { describe, expect, it } from 'vitest';
import type { ChatMessage, ChatRequest, ToolDefinition } from '../../core/chat-request.js';
import { Secret } from '../../core/secret.js';
import type { Warning } from '../../core/warning.js';
import { SCENARIO_NAMES, scenarioTitle, type ScenarioName } from '../scenarios/scenario-names.js';
import { chatRequest, createFixtureReader, decodeErrorFixture, decodeSseStream, expectEncodedLike, GET_TIME_TOOL, providerConnection, userText } from '../scenarios/scenario-fixtures.js';
import { openaiAdapter } from './index.js';

const MODEL = 'gpt-4o';
const NOW = Date.parse('2025-06-01T00:00:00Z');
const dialect = openaiAdapter.dialect!;
const fixtures = createFixtureReader(import.meta.url);

const connection = providerConnection('openai-main', 'openai');


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

/** Encodes the canonical request, checks it against `<name>.request.json` and the endpoint, returns the warnings. */
function expectEncoded(name: ScenarioName, request: ChatRequest, model = MODEL): Warning[] {
  const encoded = dialect.encodeRequest(request, { model });
  expectEncodedLike(encoded, fixtures.json(`${name}.request.json`));
  expect(openaiAdapter.endpoint?.(connection, 'chat', model, request.stream)?.url).toBe(`https://api.openai.com/v1${encoded.path}`);
  return encoded.warnings;
}

const decodeJson = (name: string) => dialect.decodeResponse(fixtures.json(`${name}.response.json`));
const decodeStream = (name: ScenarioName) => decodeSseStream(dialect, fixtures.bytes(`${name}.response.sse`));
const decodeError = (name: string) => decodeErrorFixture(dialect, name, fixtures, { provider: 'openai-main', now: NOW });

/** OpenAI reports zero cached and reasoning tokens explicitly: known zeros, not unknowns. */
const usage = (input: number, output: number, cached = 0, reasoning = 0) => ({ inputTokens: input, outputTokens: output, cachedInputTokens: cached, reasoningTokens: reasoning });
const STOP = { unified: 'stop', raw: 'stop' } as const;
const TOOL_CALLS = { unified: 'tool-calls', raw: 'tool_calls' } as const;
const STREAM_ID = (id: string, createdAt: number) => ({ type: 'response-start', id, model: 'gpt-4o-2024-08-06', createdAt }) as const;

const CASES: Record<ScenarioName, () => void> = {
  text() {
    expect(expectEncoded('text', chatRequest([userText('Say hello.')]))).toStrictEqual([]);
    expect(decodeJson('text')).toStrictEqual({
      id: 'chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT',
      model: 'gpt-4o-2024-08-06',
      createdAt: 1741569952,
      choices: [{ index: 0, content: [{ type: 'text', text: 'Hello! How can I assist you today?' }], finishReason: STOP }],
      usage: usage(19, 10),
      systemFingerprint: 'fp_44709d6fcb',
    });
  },
  'text-stream'() {
    // Usage is always asked for: the gateway settles cost from it.
    expect(expectEncoded('text-stream', chatRequest([userText('Count to three.')], { stream: true }))).toStrictEqual([]);
    expect(decodeStream('text-stream').events).toStrictEqual([
      STREAM_ID('chatcmpl-9xTextStream01', 1726000000),
      { type: 'text-delta', index: 0, delta: 'One' },
      { type: 'text-delta', index: 0, delta: ', two' },
      { type: 'text-delta', index: 0, delta: ', three. 🌍' },
      { type: 'choice-end', index: 0, finishReason: STOP },
      { type: 'usage', usage: usage(12, 9) },
      { type: 'response-end' },
    ]);
  },
  'system-prompt'() {
    const system: ChatMessage = { role: 'system', content: [{ type: 'text', text: 'You are a terse assistant. Answer in five words or fewer.' }] };
    expectEncoded('system-prompt', chatRequest([system, userText('What are you?')], { sampling: { temperature: 0.3 } }));
    expect(decodeJson('system-prompt').choices[0]?.content).toStrictEqual([{ type: 'text', text: 'A terse AI assistant.' }]);
  },
  'multi-turn'() {
    const messages = [userText('My name is Ada.', 'ada'), { role: 'assistant', content: [{ type: 'text', text: 'Nice to meet you, Ada!' }] } as ChatMessage, userText('What is my name?', 'ada')];
    expect(expectEncoded('multi-turn', chatRequest(messages, { sampling: { temperature: 0.2, seed: 7 }, user: 'user-1234' }))).toStrictEqual([]);
    const response = decodeJson('multi-turn');
    expect(response.choices).toStrictEqual([{ index: 0, content: [{ type: 'text', text: 'Your name is Ada.' }], finishReason: STOP }]);
    expect(response.usage).toStrictEqual(usage(34, 6));
  },
  'tool-call'() {
    expectEncoded('tool-call', chatRequest([userText("What's the weather in Paris?")], { tools: [WEATHER], toolChoice: { type: 'auto' } }));
    expect(decodeJson('tool-call').choices[0]).toStrictEqual({
      index: 0,
      content: [{ type: 'tool-call', toolCallId: 'call_Xc9aQ2lK7bT1mZ4pW8vR0sNd', toolName: 'get_weather', argumentsJson: '{"location":"Paris, France","unit":"celsius"}' }],
      finishReason: TOOL_CALLS,
    });
  },
  'tool-call-stream'() {
    const request = chatRequest([userText('Weather in Paris?')], { tools: [WEATHER, GET_TIME_TOOL], toolChoice: { type: 'tool', toolName: 'get_weather' }, stream: true });
    expectEncoded('tool-call-stream', request);
    const stream = decodeStream('tool-call-stream');
    expect(stream.toolCalls).toStrictEqual([{ toolCallId: 'call_Wq3kT8nLp2Ys5vB7dR1mF0aH', toolName: 'get_weather', argumentsJson: '{"location":"Paris, France","unit":"celsius"}' }]);
    expect(stream.text).toBe('');
    // A named tool_choice makes OpenAI finish with `stop`, not `tool_calls`
    // (https://github.com/vllm-project/vllm/pull/25054 tabulates it); the raw word is kept.
    expect(stream.events.slice(-4)).toMatchObject([
      { type: 'tool-call-end', index: 0, toolIndex: 0 },
      { type: 'choice-end', index: 0, finishReason: { raw: 'stop' } },
      { type: 'usage', usage: usage(96, 19) },
      { type: 'response-end' },
    ]);
  },
  'parallel-tool-calls'() {
    const request = chatRequest([userText('Weather in Paris and in Rome?')], { tools: [WEATHER], toolChoice: { type: 'required' }, parallelToolCalls: true, stream: true });
    expectEncoded('parallel-tool-calls', request);
    const stream = decodeStream('parallel-tool-calls');
    expect(stream.toolCalls).toStrictEqual([
      { toolCallId: 'call_Pa7rIs0WxQ1yT5uV9kL3mN2b', toolName: 'get_weather', argumentsJson: '{"location": "Paris, France", "unit": "celsius"}' },
      { toolCallId: 'call_Ro8mE4aWxZ6cD2fG1hJ5kL9p', toolName: 'get_weather', argumentsJson: '{"location": "Rome, Italy", "unit": "celsius"}' },
    ]);
    // Both calls stay open until the choice finishes, then close in order.
    expect(stream.events.filter((event) => event.type === 'tool-call-start' || event.type === 'tool-call-end' || event.type === 'choice-end')).toStrictEqual([
      { type: 'tool-call-start', index: 0, toolIndex: 0, toolCallId: 'call_Pa7rIs0WxQ1yT5uV9kL3mN2b', toolName: 'get_weather' },
      { type: 'tool-call-start', index: 0, toolIndex: 1, toolCallId: 'call_Ro8mE4aWxZ6cD2fG1hJ5kL9p', toolName: 'get_weather' },
      { type: 'tool-call-end', index: 0, toolIndex: 0 },
      { type: 'tool-call-end', index: 0, toolIndex: 1 },
      { type: 'choice-end', index: 0, finishReason: TOOL_CALLS },
    ]);
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
    // OpenAI tool messages have no error flag: the failed result still goes out, with a warning.
    expect(expectEncoded('tool-result-roundtrip', chatRequest(messages, { tools: [WEATHER] }))).toStrictEqual([
      { type: 'unsupported-setting', setting: 'tool-result-error', detail: 'OpenAI tool messages have no error flag' },
    ]);
    expect(decodeJson('tool-result-roundtrip').choices[0]?.content).toStrictEqual([{ type: 'text', text: "Paris is 18°C and sunny; Rome's weather is unavailable right now." }]);
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
    const response = decodeJson('image-input');
    expect(response.choices[0]?.content).toStrictEqual([{ type: 'text', text: 'An ant on a leaf, and a single red pixel.' }]);
    expect(response.usage).toStrictEqual(usage(1122, 13));
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
    // Structured Outputs refuse through `refusal` with null content: the caller reads why.
    expect(decodeJson('json-schema-refusal').choices[0]).toStrictEqual({
      index: 0,
      content: [{ type: 'text', text: "I'm sorry, I can't help with that request." }],
      finishReason: STOP,
    });
  },
  'max-tokens'() {
    expectEncoded('max-tokens', chatRequest([userText('Write a long poem about the sea.')], { sampling: { maxOutputTokens: 16 } }));
    const response = decodeJson('max-tokens');
    expect(response.choices[0]?.finishReason).toStrictEqual({ unified: 'length', raw: 'length' });
    expect(response.usage).toStrictEqual(usage(15, 16));
  },
  'content-filter'() {
    expectEncoded('content-filter', chatRequest([userText('Write the lyrics of a copyrighted song in full.')]));
    const filter = { unified: 'content-filter', raw: 'content_filter' } as const;
    expect(decodeJson('content-filter').choices[0]).toStrictEqual({ index: 0, content: [], finishReason: filter });
    // Streamed, the text sent before the filter tripped stays; the choice ends filtered.
    const stream = decodeStream('content-filter');
    expect(stream.text).toBe('Here are the lyrics:');
    expect(stream.events.slice(-3)).toStrictEqual([{ type: 'choice-end', index: 0, finishReason: filter }, { type: 'usage', usage: usage(17, 5) }, { type: 'response-end' }]);
  },
  'usage-cached-tokens'() {
    const system: ChatMessage = { role: 'system', content: [{ type: 'text', text: 'You answer questions about the attached employee handbook.' }] };
    const request = chatRequest([system, userText('What is the vacation policy?')], { passthrough: { dialect: 'openai-chat', fields: { prompt_cache_key: 'handbook-v3' } } });
    expect(expectEncoded('usage-cached-tokens', request)).toStrictEqual([]);
    expect(decodeJson('usage-cached-tokens').usage).toStrictEqual(usage(2006, 9, 1920));
    // Streamed, usage arrives in a final chunk with no choices.
    expect(decodeStream('usage-cached-tokens').events.filter((event) => event.type === 'usage')).toStrictEqual([{ type: 'usage', usage: usage(2006, 9, 1920) }]);
  },
  reasoning() {
    const messages: ChatMessage[] = [
      userText('Which is larger, 9.11 or 9.8?'),
      { role: 'assistant', content: [{ type: 'reasoning', text: 'Compare the tenths.' }, { type: 'text', text: '9.8 is larger.' }] },
      userText('And 9.11 or 9.09?'),
    ];
    const warnings = expectEncoded('reasoning', chatRequest(messages, { reasoningEffort: 'high', sampling: { maxOutputTokens: 4000 } }), 'o4-mini');
    expect(warnings).toStrictEqual([{ type: 'unsupported-setting', setting: 'reasoning', detail: 'OpenAI chat has no field for earlier reasoning; reasoning parts were dropped' }]);
    // OpenAI's o-series keep their reasoning hidden: only its token count comes back.
    const response = decodeJson('reasoning');
    expect(response.choices[0]?.content).toStrictEqual([{ type: 'text', text: '9.11 is larger than 9.09.' }]);
    expect(response.usage).toStrictEqual(usage(41, 210, 0, 192));
    // Compatible servers (DeepSeek here) stream it as `reasoning_content`, kept apart from the answer.
    const stream = decodeStream('reasoning');
    expect(stream.reasoning).toBe('Compare 9.11 and 9.8.');
    expect(stream.text).toBe('9.11 is smaller.');
    expect(stream.events.find((event) => event.type === 'usage')).toStrictEqual({ type: 'usage', usage: usage(13, 40, 0, 30) });
  },
  'error-400'() {
    // OpenAI's temperature range is 0..2; the gateway sends 3 as asked and relays the refusal.
    expectEncoded('error-400', chatRequest([userText('Say hello.')], { sampling: { temperature: 3 } }));
    expect(decodeError('error-400')).toMatchObject({
      code: 'GW_UPSTREAM_BAD_REQUEST',
      status: 400,
      retryable: false,
      retryAfterMs: undefined,
      param: 'temperature',
      message: "openai-main: Invalid 'temperature': decimal above maximum value. Expected a value <= 2, but got 3 instead.",
    });
  },
  'error-401'() {
    expectEncoded('error-401', chatRequest([userText('Say hello.')]));
    const error = decodeError('error-401');
    expect(error).toMatchObject({ code: 'GW_UPSTREAM_AUTH', status: 502, retryable: false, upstream: { provider: 'openai-main', status: 401 } });
    // OpenAI echoes the tail of the key it was given; none of it reaches the caller.
    expect(error.message).toBe('openai-main: Incorrect API key provided: [redacted]. You can find your API key at https://platform.openai.com/account/api-keys.');
  },
  'error-429-retry-after'() {
    expectEncoded('error-429-retry-after', chatRequest([userText('Say hello.')]));
    // Retry-After (7 s) decides, not x-ratelimit-reset-tokens (6.5s) nor the message text.
    expect(decodeError('error-429-retry-after')).toMatchObject({ code: 'GW_RATE_LIMITED', status: 429, retryable: true, retryAfterMs: 7000 });
  },
  'error-overloaded'() {
    expectEncoded('error-overloaded', chatRequest([userText('Say hello.')]));
    expect(decodeError('error-overloaded')).toMatchObject({
      code: 'GW_UPSTREAM_ERROR',
      status: 502,
      retryable: true,
      retryAfterMs: undefined,
      message: 'openai-main: The server is overloaded. Please try again later.',
      upstream: { provider: 'openai-main', status: 503 },
    });
    // 529 is not OpenAI's, but servers and proxies of this format send it (it is Anthropic's overload status).
    expect(decodeError('error-overloaded-529')).toMatchObject({ code: 'GW_UPSTREAM_ERROR', retryable: true, retryAfterMs: 10_000, upstream: { status: 529 } });
  },
  'stream-error-before-output'() {
    expectEncoded('stream-error-before-output', chatRequest([userText('Say hello.')], { stream: true }));
    const { events } = decodeStream('stream-error-before-output');
    expect(events[0]).toMatchObject({
      type: 'error',
      error: { code: 'GW_UPSTREAM_ERROR', retryable: true, retryAfterMs: undefined, message: 'openai-chat stream: upstream error: The server had an error while processing your request. Sorry about that!' },
    });
    expect(events.some((event) => event.type === 'response-start' || event.type === 'text-delta')).toBe(false);
  },
  'stream-error-mid-stream'() {
    expectEncoded('stream-error-mid-stream', chatRequest([userText('Tell me a story.')], { stream: true }));
    const stream = decodeStream('stream-error-mid-stream');
    expect(stream.events.slice(0, 4)).toStrictEqual([
      STREAM_ID('chatcmpl-9xMidStream06', 1726000500),
      { type: 'text-delta', index: 0, delta: 'Once upon' },
      { type: 'text-delta', index: 0, delta: ' a time' },
      { type: 'error', error: expect.objectContaining({ code: 'GW_UPSTREAM_ERROR', retryable: true, message: 'openai-chat stream: upstream error: The server had an error while processing your request. Sorry about that!' }) },
    ]);
    expect(stream.events.some((event) => event.type === 'usage')).toBe(false);
  },
};

describe('openai', () => {
  for (const name of SCENARIO_NAMES) it(scenarioTitle(name), CASES[name]);
});

describe('openai adapter', () => {
  it('sends the key as a bearer token, with the optional organization and project headers', () => {
    const keyed = { ...connection, apiKey: new Secret('sk-test'), options: { organization: 'org-1', project: 'proj_1' } };
    expect(openaiAdapter.endpoint?.(keyed, 'chat', MODEL, true)).toStrictEqual({
      url: 'https://api.openai.com/v1/chat/completions',
      headers: { authorization: 'Bearer sk-test', 'openai-organization': 'org-1', 'openai-project': 'proj_1' },
    });
    expect(openaiAdapter.endpoint?.({ ...connection, baseUrl: 'https://eu.api.openai.com/v1' }, 'responses', MODEL, false)?.url).toBe('https://eu.api.openai.com/v1/responses');
    expect(openaiAdapter.endpoint?.(connection, 'count-tokens', MODEL, false)).toBeUndefined();
  });
});
