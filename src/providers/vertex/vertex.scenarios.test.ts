import { describe, expect, it } from 'vitest';
import type { ChatMessage, ChatRequest, ContentPart } from '../../core/chat-request.js';
import type { ChatStreamEvent } from '../../core/chat-stream-event.js';
import type { Usage } from '../../core/usage.js';
import type { Dialect } from '../../dialects/dialect.js';
import { SCENARIO_NAMES, scenarioTitle, type ScenarioName } from '../scenarios/scenario-names.js';
import { createFixtureReader, decodeErrorFixture, decodeSseStream, expectEncodedLike, userText } from '../scenarios/scenario-fixtures.js';
import { vertexAdapter } from './index.js';

const MODEL = 'gemini-2.5-flash';
const NOW = Date.parse('2025-06-01T12:00:00Z');
const CREATED_AT = 1748779200;
const dialect = vertexAdapter.dialect as Dialect;

const fixtures = createFixtureReader(import.meta.url);
const system = (value: string): ChatMessage => ({ role: 'system', content: [{ type: 'text', text: value }] });
const chat = (messages: ChatMessage[], overrides: Partial<ChatRequest> = {}): ChatRequest => ({ model: 'alias', messages, sampling: {}, stream: false, ...overrides });
const WEATHER_TOOL = { name: 'get_weather', description: 'Current weather for a city', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } };
const SIGNATURE = 'CvIBAcu98PBwPXNGzL8rsRBmVsyTgfq3PBmH4K2l0OV6hN0T';
const call = (id: string, city: string): ContentPart => ({ type: 'tool-call', toolCallId: id, toolName: 'get_weather', argumentsJson: JSON.stringify({ city }) });

function expectEncoded(scenario: ScenarioName, request: ChatRequest, model = MODEL): string {
  const encoded = dialect.encodeRequest(request, { model });
  expectEncodedLike(encoded, fixtures.json(`${scenario}.request.json`));
  expect(encoded.warnings).toEqual([]);
  return encoded.path;
}

/** The raw fixture bytes through the real SSE framer, then the dialect's decoder. */
const decodeStream = (scenario: ScenarioName): ChatStreamEvent[] => decodeSseStream(dialect, fixtures.bytes(`${scenario}.response.sse`)).events;
const decodedError = (scenario: ScenarioName, headers: Record<string, string> = {}) => decodeErrorFixture(dialect, scenario, fixtures, { provider: 'vertex-us', now: NOW, headers });

interface ResponseCase {
  request: ChatRequest;
  model?: string;
  content: ContentPart[];
  finish: string;
  usage: Usage;
}

const RESPONSE_CASES: Partial<Record<ScenarioName, ResponseCase>> = {
  text: { request: chat([userText('Say hello.')]), content: [{ type: 'text', text: 'Hello! How can I help you today?' }], finish: 'stop', usage: { inputTokens: 4, outputTokens: 9 } },
  'system-prompt': {
    request: chat([system('You are a pirate. Answer in one sentence.'), userText('Where is the treasure?')]),
    content: [{ type: 'text', text: 'Arr, buried under the old oak on Skull Island, matey!' }],
    finish: 'stop',
    usage: { inputTokens: 17, outputTokens: 15 },
  },
  'multi-turn': {
    request: chat([userText('My name is Ada.'), { role: 'assistant', content: [{ type: 'text', text: 'Nice to meet you, Ada!' }] }, userText('What is my name?')]),
    content: [{ type: 'text', text: 'Your name is Ada.' }],
    finish: 'stop',
    usage: { inputTokens: 22, outputTokens: 6 },
  },
  'tool-call': {
    request: chat([userText("What's the weather in Paris?")], { tools: [WEATHER_TOOL], toolChoice: { type: 'auto' } }),
    content: [{ type: 'reasoning', text: '', signature: SIGNATURE }, call('call_0_0', 'Paris')],
    finish: 'tool-calls',
    usage: { inputTokens: 61, outputTokens: 64, reasoningTokens: 48 },
  },
  'parallel-tool-calls': {
    request: chat([userText('Weather in Paris and Tokyo?')], { tools: [WEATHER_TOOL] }),
    model: 'gemini-3-pro-preview',
    content: [{ type: 'reasoning', text: '', signature: 'EoYECoMEAcu98PDparallelSig' }, call('call_0_0', 'Paris'), call('call_0_1', 'Tokyo')],
    finish: 'tool-calls',
    usage: { inputTokens: 64, outputTokens: 150, reasoningTokens: 120 },
  },
  'tool-result-roundtrip': {
    request: chat(
      [
        userText("What's the weather in Paris?"),
        { role: 'assistant', content: [{ type: 'reasoning', text: '', signature: SIGNATURE }, call('call_0_0', 'Paris')] },
        { role: 'tool', content: [{ type: 'tool-result', toolCallId: 'call_0_0', content: '{"temperature_c":21,"conditions":"sunny"}' }] },
      ],
      { tools: [WEATHER_TOOL] },
    ),
    content: [{ type: 'text', text: "It's sunny in Paris, 21 °C." }],
    finish: 'stop',
    usage: { inputTokens: 98, outputTokens: 11 },
  },
  'image-input': {
    request: chat([
      {
        role: 'user',
        content: [
          { type: 'text', text: 'What is in these pictures?' },
          { type: 'image', source: { type: 'base64', mediaType: 'image/png', data: 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==' } },
          { type: 'image', source: { type: 'url', url: 'gs://cloud-samples-data/generative-ai/image/scones.jpg' } },
        ],
      },
    ]),
    content: [{ type: 'text', text: 'A single white pixel, and scones with blueberries on a table.' }],
    finish: 'stop',
    usage: { inputTokens: 531, outputTokens: 14 },
  },
  'json-schema': {
    request: chat([userText('Largest city in France, as JSON.')], {
      responseFormat: { type: 'json-schema', name: 'city', schema: { type: 'object', properties: { city: { type: 'string' }, population: { type: 'integer' } }, required: ['city', 'population'], additionalProperties: false } },
    }),
    content: [{ type: 'text', text: '{"city": "Paris", "population": 2102650}' }],
    finish: 'stop',
    usage: { inputTokens: 12, outputTokens: 17 },
  },
  'max-tokens': { request: chat([userText('Tell me a long story.')], { sampling: { maxOutputTokens: 5 } }), content: [{ type: 'text', text: 'Once upon a time' }], finish: 'length', usage: { inputTokens: 6, outputTokens: 5 } },
  'content-filter': { request: chat([userText('Write something harmful.')]), content: [], finish: 'content-filter', usage: { inputTokens: 6, outputTokens: 0 } },
  'usage-cached-tokens': {
    request: chat([system('You answer questions about the attached 40-page manual.'), userText('Which page covers resetting the device?')]),
    content: [{ type: 'text', text: 'Page 12 covers the factory reset.' }],
    finish: 'stop',
    usage: { inputTokens: 2100, cachedInputTokens: 2048, outputTokens: 9 },
  },
  reasoning: {
    request: chat([userText('Is 9.11 larger than 9.9?')], { reasoningEffort: 'high' }),
    model: 'gemini-2.5-pro',
    content: [
      { type: 'reasoning', text: '**Comparing decimals**\n\n9.9 is 9.90, and 0.90 is more than 0.11.' },
      { type: 'reasoning', text: '', signature: 'CpYCAcu98PC3reasoningSig' },
      { type: 'text', text: 'No. 9.9 is larger than 9.11.' },
    ],
    finish: 'stop',
    usage: { inputTokens: 14, outputTokens: 220, reasoningTokens: 210 },
  },
};

const covered = new Set<ScenarioName>();

/** One `it` per shared scenario, recorded so the suite can prove it covers them all. */
function scenario(name: ScenarioName, test: () => void): void {
  covered.add(name);
  it(scenarioTitle(name), test);
}

describe('vertex', () => {
  for (const [name, testCase] of Object.entries(RESPONSE_CASES) as [ScenarioName, ResponseCase][]) {
    scenario(name, () => {
      expect(expectEncoded(name, testCase.request, testCase.model)).toBe(`/models/${testCase.model ?? MODEL}:generateContent`);
      const response = dialect.decodeResponse(fixtures.json(`${name}.response.json`));
      expect(response.createdAt).toBe(CREATED_AT);
      expect(response.choices).toHaveLength(1);
      expect(response.choices[0]?.content).toEqual(testCase.content);
      expect(response.choices[0]?.finishReason.unified).toBe(testCase.finish);
      expect(response.usage).toEqual(testCase.usage);
    });
  }

  scenario('text-stream', () => {
    expectEncoded('text-stream', chat([userText('Count to three.')], { stream: true }));
    expect(decodeStream('text-stream')).toEqual([
      { type: 'response-start', id: 'S1tReaMiD0001', model: 'gemini-2.5-flash', createdAt: CREATED_AT },
      { type: 'text-delta', index: 0, delta: 'One' },
      { type: 'text-delta', index: 0, delta: ', two' },
      { type: 'text-delta', index: 0, delta: ', three.' },
      { type: 'choice-end', index: 0, finishReason: { unified: 'stop', raw: 'STOP' } },
      { type: 'usage', usage: { inputTokens: 5, outputTokens: 6 } },
      { type: 'response-end' },
    ]);
  });

  scenario('tool-call-stream', () => {
    expectEncoded('tool-call-stream', chat([userText("What's the weather in Paris?")], { tools: [WEATHER_TOOL], toolChoice: { type: 'tool', toolName: 'get_weather' }, stream: true }));
    expect(decodeStream('tool-call-stream').slice(1)).toEqual([
      { type: 'reasoning-delta', index: 0, delta: '', signature: 'CvIBAcu98PBwStreamSig0001' },
      { type: 'tool-call-start', index: 0, toolIndex: 0, toolCallId: 'call_0_0', toolName: 'get_weather' },
      { type: 'tool-call-delta', index: 0, toolIndex: 0, argumentsDelta: '{"city":"Paris"}' },
      { type: 'tool-call-end', index: 0, toolIndex: 0 },
      { type: 'choice-end', index: 0, finishReason: { unified: 'tool-calls', raw: 'STOP' } },
      { type: 'usage', usage: { inputTokens: 61, outputTokens: 46, reasoningTokens: 30 } },
      { type: 'response-end' },
    ]);
  });

  scenario('error-400', () => {
    expectEncoded('error-400', chat([userText('Hello')], { sampling: { temperature: 5 } }));
    const error = decodedError('error-400');
    expect([error.code, error.status, error.retryable]).toEqual(['GW_UPSTREAM_BAD_REQUEST', 400, false]);
    expect(error.message).toMatch(/^vertex-us: Unable to submit request because it has a temperature value of 5/);
  });

  scenario('error-401', () => {
    expectEncoded('error-401', chat([userText('Hello')]));
    const error = decodedError('error-401');
    expect([error.code, error.status, error.retryable, error.upstream]).toEqual(['GW_UPSTREAM_AUTH', 502, false, { provider: 'vertex-us', status: 401 }]);
  });

  // Vertex AI documents no retry delay on 429 (no RetryInfo, no header): none is invented,
  // and a Retry-After header is honoured if one comes.
  scenario('error-429-retry-after', () => {
    expectEncoded('error-429-retry-after', chat([userText('Hello')]));
    const error = decodedError('error-429-retry-after');
    expect([error.code, error.status, error.retryable, error.retryAfterMs]).toEqual(['GW_RATE_LIMITED', 429, true, undefined]);
    expect(decodedError('error-429-retry-after', { 'retry-after': '30' }).retryAfterMs).toBe(30_000);
  });

  scenario('error-overloaded', () => {
    expectEncoded('error-overloaded', chat([userText('Hello')]));
    const error = decodedError('error-overloaded');
    expect([error.code, error.status, error.retryable]).toEqual(['GW_UPSTREAM_ERROR', 502, true]);
  });

  scenario('stream-error-before-output', () => {
    expect(expectEncoded('stream-error-before-output', chat([userText('Count to three.')], { stream: true }))).toBe('/models/gemini-2.5-flash:streamGenerateContent?alt=sse');
    const error = decodedError('stream-error-before-output');
    expect([error.code, error.status, error.retryable]).toEqual(['GW_UPSTREAM_ERROR', 502, true]);
  });

  scenario('stream-error-mid-stream', () => {
    expectEncoded('stream-error-mid-stream', chat([userText('Write a poem.')], { stream: true }));
    const events = decodeStream('stream-error-mid-stream');
    expect(events.filter((event) => event.type === 'text-delta').map((event) => event.delta).join('')).toBe('Roses are red,\nviolets');
    expect(events.filter((event) => event.type === 'error').map((event) => [event.error.code, event.error.retryable])).toEqual([['GW_UPSTREAM_ERROR', true]]);
    expect(events.at(-1)).toEqual({ type: 'response-end' });
  });

  it('covers every shared scenario', () => {
    expect([...covered].sort()).toEqual([...SCENARIO_NAMES].sort());
  });
});
