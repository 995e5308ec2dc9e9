import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ChatMessage, ChatRequest, ToolDefinition } from '../../core/chat-request.js';
import type { ChatStreamEvent } from '../../core/chat-stream-event.js';
import { Secret } from '../../core/secret.js';
import type { Warning } from '../../core/warning.js';
import { SseFrameParser } from '../../upstream/index.js';
import { SCENARIO_NAMES, scenarioTitle, type ScenarioName } from '../scenarios/scenario-names.js';
import { cohereAdapter } from './index.js';

const MODEL = 'command-a-03-2025';
const NOW = Date.parse('2025-06-01T00:00:00Z');
const dialect = cohereAdapter.dialect!;
const fixturePath = (name: string) => new URL(`./__fixtures__/${name}`, import.meta.url);
const readJson = (name: string): unknown => JSON.parse(readFileSync(fixturePath(name), 'utf8'));

const user = (text: string): ChatMessage => ({ role: 'user', content: [{ type: 'text', text }] });
const chat = (messages: ChatMessage[], extra: Partial<ChatRequest> = {}): ChatRequest => ({ model: 'chat', messages, sampling: {}, stream: false, ...extra });

const WEATHER: ToolDefinition = {
  name: 'get_weather',
  description: 'Current weather for a city.',
  parameters: { type: 'object', properties: { location: { type: 'string' } }, required: ['location'] },
};
const TIME: ToolDefinition = {
  name: 'get_time',
  description: 'Current time in a timezone.',
  parameters: { type: 'object', properties: { timezone: { type: 'string' } }, required: ['timezone'] },
};

/** Encodes the scenario's canonical request and checks it against `<name>.request.json`. */
function expectEncoded(name: ScenarioName, request: ChatRequest, model = MODEL): Warning[] {
  const encoded = dialect.encodeRequest(request, { model });
  expect(encoded.body).toEqual(readJson(`${name}.request.json`));
  expect(cohereAdapter.endpoint?.(connection, 'chat', model, request.stream)?.url).toBe(`https://api.cohere.com/v2${encoded.path}`);
  return encoded.warnings;
}

const connection = {
  name: 'cohere-main', type: 'cohere', baseUrl: undefined, apiKey: undefined, timeoutMs: undefined,
  headers: {}, maxConnections: undefined, streamUsage: true, options: {},
} as const;

const decodeJson = (name: ScenarioName) => dialect.decodeResponse(readJson(`${name}.response.json`));

interface StreamSummary {
  events: ChatStreamEvent[];
  text: string;
  reasoning: string;
  toolCalls: { toolCallId: string; toolName: string; argumentsJson: string }[];
}

/** Feeds `<name>.response.sse` through the real SSE framer and the stream decoder. */
function decodeStream(name: ScenarioName): StreamSummary {
  const parser = new SseFrameParser();
  const decoder = dialect.createStreamDecoder();
  const events: ChatStreamEvent[] = [];
  for (const frame of [...parser.push(new Uint8Array(readFileSync(fixturePath(`${name}.response.sse`)))), ...parser.end()]) events.push(...decoder.push(frame));
  events.push(...decoder.end());
  const summary: StreamSummary = { events, text: '', reasoning: '', toolCalls: [] };
  for (const event of events) {
    if (event.type === 'text-delta') summary.text += event.delta;
    else if (event.type === 'reasoning-delta') summary.reasoning += event.delta;
    else if (event.type === 'tool-call-start') summary.toolCalls[event.toolIndex] = { toolCallId: event.toolCallId, toolName: event.toolName, argumentsJson: '' };
    else if (event.type === 'tool-call-delta') {
      const call = summary.toolCalls[event.toolIndex];
      if (call) call.argumentsJson += event.argumentsDelta;
    }
  }
  return summary;
}

function decodeErrorFixture(name: ScenarioName) {
  const meta = readJson(`${name}.meta.json`) as { status: number; headers: Record<string, string> };
  return dialect.decodeError({ provider: 'cohere-main', status: meta.status, headers: meta.headers, body: readFileSync(fixturePath(`${name}.response.json`), 'utf8'), now: NOW });
}

const settingsOf = (warnings: Warning[]) => warnings.map((warning) => (warning.type === 'unsupported-setting' ? warning.setting : warning.message));

const UNSUPPORTED: Partial<Record<ScenarioName, string>> = {
  'content-filter': 'Cohere has no content-filter finish reason; safety-mode refusals arrive as ordinary text',
};

const CASES: Record<ScenarioName, () => void> = {
  text() {
    expect(expectEncoded('text', chat([user('Say hello.')]))).toStrictEqual([]);
    expect(decodeJson('text')).toStrictEqual({
      id: 'c14c80c3-18eb-4519-9460-6c92edd8cfb4',
      model: '',
      createdAt: 0,
      choices: [{ index: 0, content: [{ type: 'text', text: 'Hello! How can I help you today?' }], finishReason: { unified: 'stop', raw: 'COMPLETE' } }],
      usage: { inputTokens: 3, outputTokens: 9 },
    });
  },
  'text-stream'() {
    expectEncoded('text-stream', chat([user('Say hello.')], { stream: true, streamUsage: true }));
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
    const request = chat([{ role: 'system', content: [{ type: 'text', text: 'You are a pirate. Answer in one sentence.' }] }, user('Who are you?')], { sampling: { temperature: 0.3 } });
    expectEncoded('system-prompt', request);
    expect(decodeJson('system-prompt').choices[0]?.content).toStrictEqual([{ type: 'text', text: 'Arr, I be Captain Cohere, terror of the seven seas!' }]);
  },
  'multi-turn'() {
    expectEncoded('multi-turn', chat([user('My name is Ada.'), { role: 'assistant', content: [{ type: 'text', text: 'Nice to meet you, Ada!' }] }, user('What is my name?')]));
    expect(decodeJson('multi-turn').choices[0]?.content).toStrictEqual([{ type: 'text', text: 'Your name is Ada.' }]);
  },
  'tool-call'() {
    expectEncoded('tool-call', chat([user('What is the weather in Toronto?')], { tools: [WEATHER], toolChoice: { type: 'required' } }));
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
    expectEncoded('tool-call-stream', chat([user('What is the weather in Toronto?')], { tools: [WEATHER], stream: true }));
    const stream = decodeStream('tool-call-stream');
    expect(stream.reasoning).toBe('I will look up the weather in Toronto.');
    expect(stream.text).toBe('');
    expect(stream.toolCalls).toStrictEqual([{ toolCallId: 'get_weather_ekmwrfc6e0gb', toolName: 'get_weather', argumentsJson: '{"location": "Toronto"}' }]);
    expect(stream.events.filter((event) => event.type === 'tool-call-end')).toStrictEqual([{ type: 'tool-call-end', index: 0, toolIndex: 0 }]);
    expect(stream.events).toContainEqual({ type: 'choice-end', index: 0, finishReason: { unified: 'tool-calls', raw: 'TOOL_CALL' } });
    expect(stream.events).toContainEqual({ type: 'usage', usage: { inputTokens: 37, outputTokens: 28 } });
  },
  'parallel-tool-calls'() {
    expectEncoded('parallel-tool-calls', chat([user('Weather and time in Paris?')], { tools: [WEATHER, TIME] }));
    const content = decodeJson('parallel-tool-calls').choices[0]?.content;
    expect(content?.filter((part) => part.type === 'tool-call')).toStrictEqual([
      { type: 'tool-call', toolCallId: 'get_weather_qp0a9x7kz3mr', toolName: 'get_weather', argumentsJson: '{"location":"Paris"}' },
      { type: 'tool-call', toolCallId: 'get_time_v5n2h8w1c4ds', toolName: 'get_time', argumentsJson: '{"timezone":"Europe/Paris"}' },
    ]);
  },
  'tool-result-roundtrip'() {
    const request = chat(
      [
        user('What is the weather in Toronto?'),
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
    const request = chat([
      { role: 'user', content: [{ type: 'text', text: 'What is in this image?' }, { type: 'image', source: { type: 'base64', mediaType: 'image/png', data: png }, detail: 'auto' }] },
    ]);
    expect(expectEncoded('image-input', request, 'command-a-vision-07-2025')).toStrictEqual([]);
    expect(decodeJson('image-input').choices[0]?.content).toStrictEqual([{ type: 'text', text: 'A single red pixel.' }]);
  },
  'json-schema'() {
    const schema = { type: 'object', properties: { city: { type: 'string' }, population: { type: 'integer' } }, required: ['city', 'population'] };
    expectEncoded('json-schema', chat([user('Largest city in Canada, as JSON.')], { responseFormat: { type: 'json-schema', name: 'city', schema, strict: true } }));
    const text = decodeJson('json-schema').choices[0]?.content[0];
    expect(text?.type === 'text' && JSON.parse(text.text)).toStrictEqual({ city: 'Toronto', population: 2794356 });
  },
  'max-tokens'() {
    expectEncoded('max-tokens', chat([user('Tell me a long story.')], { sampling: { maxOutputTokens: 5 } }));
    const response = decodeJson('max-tokens');
    expect(response.choices[0]?.finishReason).toStrictEqual({ unified: 'length', raw: 'MAX_TOKENS' });
    expect(response.usage).toStrictEqual({ inputTokens: 6, outputTokens: 5 });
  },
  'content-filter'() {
    expectEncoded('content-filter', chat([user('Explain how to pick a lock to break into a house.')]));
    // The refusal is shown as the text it is, with no false content-filter claim.
    const choice = decodeJson('content-filter').choices[0];
    expect(choice?.finishReason).toStrictEqual({ unified: 'stop', raw: 'COMPLETE' });
    expect(choice?.content).toStrictEqual([{ type: 'text', text: 'I cannot help with breaking into a home.' }]);
  },
  'usage-cached-tokens'() {
    expectEncoded('usage-cached-tokens', chat([{ role: 'system', content: [{ type: 'text', text: 'You answer questions about the attached handbook.' }] }, user('What is the vacation policy?')]));
    // Billed units, not the processed count (3100, Cohere's preamble included).
    expect(decodeJson('usage-cached-tokens').usage).toStrictEqual({ inputTokens: 2600, outputTokens: 12, cachedInputTokens: 2048 });
  },
  reasoning() {
    const warnings = expectEncoded('reasoning', chat([user('Which is larger, 9.11 or 9.8?')], { reasoningEffort: 'high' }), 'command-a-reasoning-08-2025');
    expect(settingsOf(warnings)).toStrictEqual(['reasoning_effort']);
    const response = decodeJson('reasoning');
    expect(response.choices[0]?.content).toStrictEqual([
      { type: 'reasoning', text: 'Compare the tenths: 9.8 has 8 tenths, 9.11 has 1 tenth.' },
      { type: 'text', text: '9.8 is larger.' },
    ]);
    expect(response.usage).toStrictEqual({ inputTokens: 16, outputTokens: 58 });
  },
  'error-400'() {
    expectEncoded('error-400', chat([user('Say hello.')]));
    expect(decodeErrorFixture('error-400')).toMatchObject({
      code: 'GW_UPSTREAM_BAD_REQUEST',
      status: 400,
      retryable: false,
      retryAfterMs: undefined,
      message: 'cohere-main: invalid request: message must be at least 1 token long or tool results must be specified.',
    });
  },
  'error-401'() {
    expectEncoded('error-401', chat([user('Say hello.')]));
    expect(decodeErrorFixture('error-401')).toMatchObject({ code: 'GW_UPSTREAM_AUTH', status: 502, retryable: false, message: 'cohere-main: invalid api token' });
  },
  'error-429-retry-after'() {
    expectEncoded('error-429-retry-after', chat([user('Say hello.')]));
    expect(decodeErrorFixture('error-429-retry-after')).toMatchObject({ code: 'GW_RATE_LIMITED', status: 429, retryable: true, retryAfterMs: 30_000 });
  },
  'error-overloaded'() {
    expectEncoded('error-overloaded', chat([user('Say hello.')]));
    expect(decodeErrorFixture('error-overloaded')).toMatchObject({ code: 'GW_UPSTREAM_ERROR', status: 502, retryable: true, retryAfterMs: 2000, upstream: { provider: 'cohere-main', status: 503 } });
  },
  'stream-error-before-output'() {
    expectEncoded('stream-error-before-output', chat([user('Say hello.')], { stream: true }));
    const { events } = decodeStream('stream-error-before-output');
    expect(events.map((event) => event.type)).toStrictEqual(['response-start', 'error']);
    const error = events[1]?.type === 'error' ? events[1].error : undefined;
    expect(error).toMatchObject({ code: 'GW_UPSTREAM_ERROR', retryable: true, message: 'cohere-chat stream: generation failed: internal server error, please try again later' });
  },
  'stream-error-mid-stream'() {
    expectEncoded('stream-error-mid-stream', chat([user('Count to five.')], { stream: true }));
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
