import { describe, expect, it } from 'vitest';
import type { ChatMessage, ChatRequest } from '../../core/chat-request.js';
import type { ChatStreamEvent } from '../../core/chat-stream-event.js';
import { Secret } from '../../core/secret.js';
import type { ProviderConnection } from '../../config/index.js';
import type { Dialect } from '../../dialects/dialect.js';
import { SCENARIO_NAMES, scenarioTitle, type ScenarioName } from '../scenarios/scenario-names.js';
import { createFixtureReader, decodeErrorFixture, decodeSseStream, expectEncodedLike, providerConnection, userText } from '../scenarios/scenario-fixtures.js';
import { geminiAdapter } from './index.js';

const MODEL = 'gemini-2.5-flash';
const NOW = Date.parse('2025-06-01T12:00:00Z');
const dialect = geminiAdapter.dialect as Dialect;

const fixtures = createFixtureReader(import.meta.url);

const chat = (messages: ChatMessage[], overrides: Partial<ChatRequest> = {}): ChatRequest => ({ model: 'my-alias', messages, sampling: {}, stream: false, ...overrides });
const WEATHER_TOOL = {
  name: 'get_weather',
  description: 'Current weather for a city',
  parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
};
const SIGNATURE = 'CvIBAcu98PBwPXNGzL8rsRBmVsyTgfq3PBmH4K2l0OV6hN0T';

/** Encodes and checks the body against `<scenario>.request.json`; returns the path. */
function expectEncoded(scenario: string, request: ChatRequest, model = MODEL): string {
  const encoded = dialect.encodeRequest(request, { model });
  expectEncodedLike(encoded, fixtures.json(`${scenario}.request.json`));
  expect(encoded.warnings).toEqual([]);
  return encoded.path;
}

const decoded = (scenario: string) => dialect.decodeResponse(fixtures.json(`${scenario}.response.json`));
/** The raw fixture bytes through the real SSE framer, then the dialect's decoder. */
const decodeStream = (scenario: string): ChatStreamEvent[] => decodeSseStream(dialect, fixtures.bytes(`${scenario}.response.sse`)).events;
const decodedError = (scenario: string) => decodeErrorFixture(dialect, scenario, fixtures, { provider: 'google-ai', now: NOW });

const connection = (overrides: Partial<ProviderConnection> = {}): ProviderConnection =>
  providerConnection('google-ai', 'gemini', { apiKey: new Secret('AIza-test-key'), headers: { 'x-extra': '1' }, ...overrides });

const covered = new Set<ScenarioName>();

/** One `it` per shared scenario, recorded so the suite can prove it covers them all. */
function scenario(name: ScenarioName, test: () => void): void {
  covered.add(name);
  it(scenarioTitle(name), test);
}

describe('gemini', () => {
  it('sends chat to generateContent with the key in x-goog-api-key, and offers no embeddings', () => {
    expect(geminiAdapter.endpoint?.(connection(), 'chat', MODEL, false)).toEqual({
      url: 'https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:generateContent',
      headers: { 'x-extra': '1', 'x-goog-api-key': 'AIza-test-key' },
    });
    expect(geminiAdapter.endpoint?.(connection({ baseUrl: 'https://proxy.internal/v1beta', apiKey: undefined }), 'chat', MODEL, true)).toEqual({
      url: 'https://proxy.internal/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse',
      headers: { 'x-extra': '1' },
    });
    expect(geminiAdapter.endpoint?.(connection(), 'embeddings', 'text-embedding-004', false)).toBeUndefined();
    expect([geminiAdapter.type, geminiAdapter.priceVendor, dialect.id]).toEqual(['gemini', 'google', 'gemini']);
  });

  scenario('text', () => {
    expect(expectEncoded('text', chat([userText('Say hello.')]))).toBe('/models/gemini-2.5-flash:generateContent');
    expect(decoded('text')).toEqual({
      id: 'Kc9AaJ2GAuSbz7IP4aCUsQc',
      model: 'gemini-2.5-flash',
      createdAt: 0,
      choices: [{ index: 0, content: [{ type: 'text', text: 'Hello! How can I help you today?' }], finishReason: { unified: 'stop', raw: 'STOP' } }],
      usage: { inputTokens: 4, outputTokens: 9 },
    });
  });

  scenario('text-stream', () => {
    expect(expectEncoded('text-stream', chat([userText('Count to three.')], { stream: true }))).toBe('/models/gemini-2.5-flash:streamGenerateContent?alt=sse');
    expect(decodeStream('text-stream')).toEqual([
      { type: 'response-start', id: 'S1tReaMiD0001', model: 'gemini-2.5-flash', createdAt: 0 },
      { type: 'text-delta', index: 0, delta: 'One' },
      { type: 'text-delta', index: 0, delta: ', two' },
      { type: 'text-delta', index: 0, delta: ', three.' },
      { type: 'choice-end', index: 0, finishReason: { unified: 'stop', raw: 'STOP' } },
      { type: 'usage', usage: { inputTokens: 5, outputTokens: 6 } },
      { type: 'response-end' },
    ]);
  });

  scenario('system-prompt', () => {
    expectEncoded('system-prompt', chat([{ role: 'system', content: [{ type: 'text', text: 'You are a pirate. Answer in one sentence.' }] }, userText('Where is the treasure?')]));
    expect(decoded('system-prompt').choices[0]?.content).toEqual([{ type: 'text', text: 'Arr, buried under the old oak on Skull Island, matey!' }]);
  });

  scenario('multi-turn', () => {
    expectEncoded('multi-turn', chat([userText('My name is Ada.'), { role: 'assistant', content: [{ type: 'text', text: 'Nice to meet you, Ada!' }] }, userText('What is my name?')]));
    expect(decoded('multi-turn').choices[0]?.content).toEqual([{ type: 'text', text: 'Your name is Ada.' }]);
  });

  scenario('tool-call', () => {
    expectEncoded('tool-call', chat([userText("What's the weather in Paris?")], { tools: [WEATHER_TOOL], toolChoice: { type: 'auto' } }));
    const response = decoded('tool-call');
    expect(response.choices[0]).toEqual({
      index: 0,
      content: [
        { type: 'reasoning', text: '', signature: SIGNATURE },
        { type: 'tool-call', toolCallId: 'call_0_0', toolName: 'get_weather', argumentsJson: '{"city":"Paris"}' },
      ],
      finishReason: { unified: 'tool-calls', raw: 'STOP' },
    });
    expect(response.usage).toEqual({ inputTokens: 61, outputTokens: 64, reasoningTokens: 48 });
  });

  scenario('tool-call-stream', () => {
    const request = chat([userText("What's the weather in Paris?")], { tools: [WEATHER_TOOL], toolChoice: { type: 'tool', toolName: 'get_weather' }, stream: true });
    expectEncoded('tool-call-stream', request);
    expect(decodeStream('tool-call-stream')).toEqual([
      { type: 'response-start', id: 'T00lStReaM0001', model: 'gemini-2.5-flash', createdAt: 0 },
      { type: 'reasoning-delta', index: 0, delta: '', signature: 'CvIBAcu98PBwStreamSig0001' },
      { type: 'tool-call-start', index: 0, toolIndex: 0, toolCallId: 'call_0_0', toolName: 'get_weather' },
      { type: 'tool-call-delta', index: 0, toolIndex: 0, argumentsDelta: '{"city":"Paris"}' },
      { type: 'tool-call-end', index: 0, toolIndex: 0 },
      { type: 'choice-end', index: 0, finishReason: { unified: 'tool-calls', raw: 'STOP' } },
      { type: 'usage', usage: { inputTokens: 61, outputTokens: 46, reasoningTokens: 30 } },
      { type: 'response-end' },
    ]);
  });

  scenario('parallel-tool-calls', () => {
    expectEncoded('parallel-tool-calls', chat([userText('Weather in Paris and Tokyo?')], { tools: [WEATHER_TOOL] }), 'gemini-3-pro-preview');
    const content = decoded('parallel-tool-calls').choices[0]?.content ?? [];
    expect(content).toEqual([
      { type: 'reasoning', text: '', signature: 'EoYECoMEAcu98PDparallelSig' },
      { type: 'tool-call', toolCallId: 'call_0_0', toolName: 'get_weather', argumentsJson: '{"city":"Paris"}' },
      { type: 'tool-call', toolCallId: 'call_0_1', toolName: 'get_weather', argumentsJson: '{"city":"Tokyo"}' },
    ]);
  });

  scenario('tool-result-roundtrip', () => {
    const previous = decoded('tool-call').choices[0]?.content ?? [];
    const request = chat(
      [
        userText("What's the weather in Paris?"),
        { role: 'assistant', content: previous },
        { role: 'tool', content: [{ type: 'tool-result', toolCallId: 'call_0_0', content: '{"temperature_c": 21, "conditions": "sunny"}' }] },
      ],
      { tools: [WEATHER_TOOL] },
    );
    expectEncoded('tool-result-roundtrip', request);
    const response = decoded('tool-result-roundtrip');
    expect(response.choices[0]?.content).toEqual([{ type: 'text', text: "It's sunny in Paris, 21 °C." }]);
    expect(response.choices[0]?.finishReason).toEqual({ unified: 'stop', raw: 'STOP' });
  });

  scenario('image-input', () => {
    const request = chat([
      {
        role: 'user',
        content: [
          { type: 'text', text: 'What is in these pictures?' },
          { type: 'image', source: { type: 'base64', mediaType: 'image/png', data: 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==' } },
          { type: 'image', source: { type: 'url', url: 'gs://cloud-samples-data/generative-ai/image/scones.jpg' } },
        ],
      },
    ]);
    expectEncoded('image-input', request);
    expect(decoded('image-input').usage).toEqual({ inputTokens: 531, outputTokens: 14 });
  });

  scenario('json-schema', () => {
    const schema = { type: 'object', properties: { city: { type: 'string' }, population: { type: 'integer' } }, required: ['city', 'population'], additionalProperties: false };
    expectEncoded('json-schema', chat([userText('Largest city in France, as JSON.')], { responseFormat: { type: 'json-schema', name: 'city', schema, strict: true } }));
    const [part] = decoded('json-schema').choices[0]?.content ?? [];
    expect(part?.type === 'text' && JSON.parse(part.text)).toEqual({ city: 'Paris', population: 2102650 });
  });

  scenario('max-tokens', () => {
    expectEncoded('max-tokens', chat([userText('Tell me a long story.')], { sampling: { maxOutputTokens: 5 } }));
    expect(decoded('max-tokens').choices[0]?.finishReason).toEqual({ unified: 'length', raw: 'MAX_TOKENS' });
  });

  scenario('content-filter', () => {
    expectEncoded('content-filter', chat([userText('Write something harmful.')]));
    const response = decoded('content-filter');
    expect(response.choices).toEqual([{ index: 0, content: [], finishReason: { unified: 'content-filter', raw: 'SAFETY' } }]);
    expect(response.usage).toEqual({ inputTokens: 6, outputTokens: 0 });
  });

  scenario('usage-cached-tokens', () => {
    expectEncoded('usage-cached-tokens', chat([{ role: 'system', content: [{ type: 'text', text: 'You answer questions about the attached 40-page manual.' }] }, userText('Which page covers resetting the device?')]));
    expect(decoded('usage-cached-tokens').usage).toEqual({ inputTokens: 2100, cachedInputTokens: 2048, outputTokens: 9 });
  });

  scenario('reasoning', () => {
    expectEncoded('reasoning', chat([userText('Is 9.11 larger than 9.9?')], { reasoningEffort: 'high' }), 'gemini-2.5-pro');
    const response = decoded('reasoning');
    expect(response.choices[0]?.content).toEqual([
      { type: 'reasoning', text: '**Comparing decimals**\n\n9.9 is 9.90, and 0.90 is more than 0.11.' },
      { type: 'reasoning', text: '', signature: 'CpYCAcu98PC3reasoningSig' },
      { type: 'text', text: 'No. 9.9 is larger than 9.11.' },
    ]);
    expect(response.usage).toEqual({ inputTokens: 14, outputTokens: 220, reasoningTokens: 210 });
  });

  scenario('error-400', () => {
    expectEncoded('error-400', chat([userText('Hello')], { sampling: { temperature: 5 } }));
    const error = decodedError('error-400');
    expect([error.code, error.status, error.retryable, error.retryAfterMs]).toEqual(['GW_UPSTREAM_BAD_REQUEST', 400, false, undefined]);
    expect(error.message).toBe('google-ai: * GenerateContentRequest.generation_config.temperature: must be in the range [0.0, 2.0]');
  });

  scenario('error-401', () => {
    expectEncoded('error-401', chat([userText('Hello')]));
    const error = decodedError('error-401');
    expect([error.code, error.status, error.retryable, error.kind]).toEqual(['GW_UPSTREAM_AUTH', 502, false, 'auth']);
    expect(error.upstream).toEqual({ provider: 'google-ai', status: 400 });
  });

  scenario('error-429-retry-after', () => {
    expectEncoded('error-429-retry-after', chat([userText('Hello')]));
    const error = decodedError('error-429-retry-after');
    expect([error.code, error.status, error.retryable, error.retryAfterMs]).toEqual(['GW_RATE_LIMITED', 429, true, 43_000]);
  });

  scenario('error-overloaded', () => {
    expectEncoded('error-overloaded', chat([userText('Hello')]));
    const error = decodedError('error-overloaded');
    expect([error.code, error.status, error.retryable, error.retryAfterMs]).toEqual(['GW_UPSTREAM_ERROR', 502, true, undefined]);
    expect(error.message).toBe('google-ai: The model is overloaded. Please try again later.');
  });

  scenario('stream-error-before-output', () => {
    expect(expectEncoded('stream-error-before-output', chat([userText('Count to three.')], { stream: true }))).toMatch(/:streamGenerateContent\?alt=sse$/);
    const error = decodedError('stream-error-before-output');
    expect([error.code, error.status, error.retryable]).toEqual(['GW_UPSTREAM_ERROR', 502, true]);
  });

  scenario('stream-error-mid-stream', () => {
    expectEncoded('stream-error-mid-stream', chat([userText('Write a poem.')], { stream: true }));
    const events = decodeStream('stream-error-mid-stream');
    expect(events.filter((event) => event.type === 'text-delta').map((event) => event.delta).join('')).toBe('Roses are red,\nviolets');
    const errors = events.filter((event) => event.type === 'error');
    expect(errors.map((event) => [event.error.code, event.error.retryable])).toEqual([['GW_UPSTREAM_ERROR', true]]);
    expect(events.slice(-3)).toEqual([
      { type: 'choice-end', index: 0, finishReason: { unified: 'other' } },
      { type: 'usage', usage: { inputTokens: 4 } },
      { type: 'response-end' },
    ]);
  });

  it('covers every shared scenario', () => {
    expect([...covered].sort()).toEqual([...SCENARIO_NAMES].sort());
  });
});
