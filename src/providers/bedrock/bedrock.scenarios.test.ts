import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ChatMessage, ChatRequest, ToolDefinition } from '../../core/chat-request.js';
import type { ChatResponse } from '../../core/chat-response.js';
import type { ChatStreamEvent } from '../../core/chat-stream-event.js';
import type { GatewayError } from '../../core/errors.js';
import type { Dialect } from '../../dialects/dialect.js';
// Stream fixtures are AWS event-stream bytes; the real framer reads them (see README.md).
import { AwsEventStreamParser } from '../../upstream/aws-event-stream-parser.js';
import { scenarioTitle, type ScenarioName } from '../scenarios/scenario-names.js';
import { bedrockAdapter } from './index.js';

const MODEL = 'us.anthropic.claude-sonnet-4-5-20250929-v1:0';
const MODEL_PATH = '/model/us.anthropic.claude-sonnet-4-5-20250929-v1%3A0';
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
const dialect = bedrockAdapter.dialect as Dialect;

const fixture = (name: string): Buffer => readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url));
const json = (name: string): unknown => JSON.parse(fixture(name).toString('utf8'));

const user = (text: string): ChatMessage => ({ role: 'user', content: [{ type: 'text', text }] });
const request = (messages: ChatMessage[], overrides: Partial<ChatRequest> = {}): ChatRequest => ({ model: 'claude', messages, sampling: {}, stream: false, ...overrides });

const WEATHER: ToolDefinition = {
  name: 'get_weather',
  description: 'Current weather for a city',
  parameters: { type: 'object', properties: { city: { type: 'string' }, unit: { type: 'string', enum: ['celsius', 'fahrenheit'] } }, required: ['city'] },
};
const TIME: ToolDefinition = {
  name: 'get_time',
  description: 'Current local time for a city',
  parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
};
const WEATHER_CALL = { type: 'tool-call' as const, toolCallId: 'tooluse_kZJMlvQmRJ6eAyJE5GIl7Q', toolName: 'get_weather', argumentsJson: '{"city":"Paris","unit":"celsius"}' };

/** Encodes the canonical request and compares it with `<scenario>.request.json` and the expected path. */
function expectRequest(scenario: ScenarioName, canonical: ChatRequest): void {
  const encoded = dialect.encodeRequest(canonical, { model: MODEL });
  expect(encoded.body).toEqual(json(`${scenario}.request.json`));
  expect(encoded.path).toBe(`${MODEL_PATH}/${canonical.stream ? 'converse-stream' : 'converse'}`);
  expect(encoded.warnings).toEqual([]);
}

function decodeAnswer(scenario: ScenarioName): ChatResponse {
  return dialect.decodeResponse(json(`${scenario}.response.json`));
}

/** Feeds the recorded bytes through the event-stream framer in uneven chunks, then the decoder. */
function decodeStream(scenario: ScenarioName): ChatStreamEvent[] {
  const bytes = fixture(`${scenario}.response.eventstream`);
  const parser = new AwsEventStreamParser();
  const decoder = dialect.createStreamDecoder();
  const events: ChatStreamEvent[] = [];
  for (let offset = 0; offset < bytes.length; offset += 97) {
    for (const frame of parser.push(bytes.subarray(offset, offset + 97))) events.push(...decoder.push(frame));
  }
  for (const frame of parser.end()) events.push(...decoder.push(frame));
  events.push(...decoder.end());
  return events;
}

function decodeErrorFixture(scenario: ScenarioName, extraHeaders: Record<string, string> = {}): GatewayError {
  const meta = json(`${scenario}.meta.json`) as { status: number; headers: Record<string, string> };
  return dialect.decodeError({
    provider: 'bedrock-east',
    status: meta.status,
    headers: { ...meta.headers, ...extraHeaders },
    body: fixture(`${scenario}.response.json`).toString('utf8'),
    now: Date.parse('2025-06-01T00:00:00Z'),
  });
}

const text = (response: ChatResponse) => response.choices[0]?.content.flatMap((part) => (part.type === 'text' ? [part.text] : [])).join('');
const streamedText = (events: ChatStreamEvent[]) => events.flatMap((event) => (event.type === 'text-delta' ? [event.delta] : [])).join('');

describe('bedrock', () => {
  it(scenarioTitle('text'), () => {
    expectRequest('text', request([user('Say hello.')]));
    const response = decodeAnswer('text');
    expect(text(response)).toBe('Hello! How can I help you today?');
    expect(response.choices[0]?.finishReason).toEqual({ unified: 'stop', raw: 'end_turn' });
    expect(response.usage).toEqual({ inputTokens: 11, outputTokens: 12 });
  });

  it(scenarioTitle('text-stream'), () => {
    expectRequest('text-stream', request([user('Say hello.')], { stream: true }));
    expect(decodeStream('text-stream')).toStrictEqual([
      { type: 'response-start', id: '', model: '', createdAt: 0 },
      { type: 'text-delta', index: 0, delta: 'Hello' },
      { type: 'text-delta', index: 0, delta: '! How can I' },
      { type: 'text-delta', index: 0, delta: ' help you today? 👋' },
      { type: 'choice-end', index: 0, finishReason: { unified: 'stop', raw: 'end_turn' } },
      { type: 'usage', usage: { inputTokens: 11, outputTokens: 14 } },
      { type: 'response-end' },
    ]);
  });

  it(scenarioTitle('system-prompt'), () => {
    expectRequest(
      'system-prompt',
      request([{ role: 'system', content: [{ type: 'text', text: 'You are a pirate. Answer in one sentence.' }] }, user('Where is the treasure?')], { sampling: { temperature: 0.7 } }),
    );
    expect(text(decodeAnswer('system-prompt'))).toBe('Arr, the treasure be buried beneath the old palm on Skull Island, matey!');
  });

  it(scenarioTitle('multi-turn'), () => {
    expectRequest('multi-turn', request([user('My name is Ada.'), { role: 'assistant', content: [{ type: 'text', text: 'Nice to meet you, Ada!' }] }, user('What is my name?')]));
    expect(text(decodeAnswer('multi-turn'))).toBe('Your name is Ada.');
  });

  it(scenarioTitle('tool-call'), () => {
    expectRequest('tool-call', request([user("What's the weather in Paris?")], { tools: [WEATHER], toolChoice: { type: 'auto' } }));
    const choice = decodeAnswer('tool-call').choices[0];
    expect(choice?.content).toStrictEqual([{ type: 'text', text: "I'll look up the current weather in Paris." }, WEATHER_CALL]);
    expect(choice?.finishReason).toEqual({ unified: 'tool-calls', raw: 'tool_use' });
  });

  it(scenarioTitle('tool-call-stream'), () => {
    expectRequest('tool-call-stream', request([user("What's the weather in Paris?")], { tools: [WEATHER], stream: true }));
    const events = decodeStream('tool-call-stream');
    expect(streamedText(events)).toBe("I'll check the weather in Paris.");
    expect(events.filter((event) => event.type.startsWith('tool-call'))).toStrictEqual([
      { type: 'tool-call-start', index: 0, toolIndex: 0, toolCallId: 'tooluse_Wq3GHV9dT3aW2l1tGZk4Eg', toolName: 'get_weather' },
      { type: 'tool-call-delta', index: 0, toolIndex: 0, argumentsDelta: '{"city": "Pa' },
      { type: 'tool-call-delta', index: 0, toolIndex: 0, argumentsDelta: 'ris", "unit": "celsius"}' },
      { type: 'tool-call-end', index: 0, toolIndex: 0 },
    ]);
    expect(events.slice(-3)).toStrictEqual([
      { type: 'choice-end', index: 0, finishReason: { unified: 'tool-calls', raw: 'tool_use' } },
      { type: 'usage', usage: { inputTokens: 402, outputTokens: 71 } },
      { type: 'response-end' },
    ]);
  });

  it(scenarioTitle('parallel-tool-calls'), () => {
    expectRequest('parallel-tool-calls', request([user('Weather and local time in Paris and Tokyo?')], { tools: [WEATHER, TIME], toolChoice: { type: 'required' } }));
    expect(decodeAnswer('parallel-tool-calls').choices[0]?.content).toStrictEqual([
      { type: 'tool-call', toolCallId: 'tooluse_A1b2C3d4E5f6G7h8I9j0Kl', toolName: 'get_weather', argumentsJson: '{"city":"Paris"}' },
      { type: 'tool-call', toolCallId: 'tooluse_Mn1Op2Qr3St4Uv5Wx6Yz7A', toolName: 'get_time', argumentsJson: '{"city":"Tokyo"}' },
    ]);
  });

  it(scenarioTitle('tool-result-roundtrip'), () => {
    expectRequest(
      'tool-result-roundtrip',
      request(
        [
          user("What's the weather in Paris?"),
          { role: 'assistant', content: [{ type: 'text', text: "I'll look up the current weather in Paris." }, WEATHER_CALL] },
          { role: 'tool', content: [{ type: 'tool-result', toolCallId: WEATHER_CALL.toolCallId, content: '{"temperature": 18, "conditions": "light rain"}' }] },
        ],
        { tools: [WEATHER] },
      ),
    );
    expect(text(decodeAnswer('tool-result-roundtrip'))).toBe("It's 18 °C in Paris with light rain.");
  });

  it(scenarioTitle('image-input'), () => {
    expectRequest(
      'image-input',
      request([{ role: 'user', content: [{ type: 'text', text: 'What color is this pixel?' }, { type: 'image', source: { type: 'base64', mediaType: 'image/png', data: PNG } }] }]),
    );
    expect(text(decodeAnswer('image-input'))).toBe('The pixel is a light gray.');
  });

  it(scenarioTitle('json-schema'), () => {
    const schema = { type: 'object', properties: { name: { type: 'string' }, age: { type: 'integer' } }, required: ['name', 'age'], additionalProperties: false };
    expectRequest('json-schema', request([user('Extract: Ada Lovelace was 36.')], { responseFormat: { type: 'json-schema', name: 'person', schema, strict: true } }));
    expect(JSON.parse(text(decodeAnswer('json-schema')) ?? '')).toEqual({ name: 'Ada Lovelace', age: 36 });
  });

  it(scenarioTitle('max-tokens'), () => {
    expectRequest('max-tokens', request([user('Write a long story about a lighthouse.')], { sampling: { maxOutputTokens: 16 } }));
    const response = decodeAnswer('max-tokens');
    expect(response.choices[0]?.finishReason).toEqual({ unified: 'length', raw: 'max_tokens' });
    expect(response.usage?.outputTokens).toBe(16);
  });

  it(scenarioTitle('content-filter'), () => {
    expectRequest('content-filter', request([user('Tell me how to pick a lock to break into a house.')]));
    const response = decodeAnswer('content-filter');
    expect(response.choices[0]?.finishReason).toEqual({ unified: 'content-filter', raw: 'guardrail_intervened' });
    expect(text(response)).toBe('Sorry, the model cannot answer this question.');
  });

  it(scenarioTitle('usage-cached-tokens'), () => {
    expectRequest('usage-cached-tokens', request([{ role: 'system', content: [{ type: 'text', text: 'You answer questions about the attached handbook.' }] }, user('Summarize chapter 2.')]));
    // Bedrock's inputTokens (14) excludes the cache; canonical inputTokens is every input token.
    expect(decodeAnswer('usage-cached-tokens').usage).toEqual({ inputTokens: 2062, outputTokens: 8, cachedInputTokens: 1800, cacheWriteInputTokens: 248 });
  });

  it(scenarioTitle('reasoning'), () => {
    expectRequest('reasoning', request([user('Is 1001 prime?')], { reasoningEffort: 'high', sampling: { maxOutputTokens: 20000 } }));
    const content = decodeAnswer('reasoning').choices[0]?.content;
    expect(content).toStrictEqual([
      { type: 'reasoning', text: '1001 = 7 × 11 × 13, so it is not prime.', signature: 'EqoBCkgIARABGAIiQPN2mL0x3xq2w0Zl0v0v' },
      { type: 'text', text: 'No. 1001 = 7 × 11 × 13.' },
    ]);
  });

  it(scenarioTitle('error-400'), () => {
    expectRequest('error-400', request([user('Hi')], { sampling: { temperature: 3 } }));
    const error = decodeErrorFixture('error-400');
    expect(error).toMatchObject({ code: 'GW_UPSTREAM_BAD_REQUEST', status: 400, retryable: false, retryAfterMs: undefined });
    expect(error.message).toBe('bedrock-east: The model returned the following errors: temperature: range: 0..1');
  });

  // Bedrock answers bad credentials with 403 UnrecognizedClientException, never 401.
  it(scenarioTitle('error-401'), () => {
    expectRequest('error-401', request([user('Hi')]));
    expect(decodeErrorFixture('error-401')).toMatchObject({ code: 'GW_UPSTREAM_AUTH', status: 502, retryable: false, upstream: { provider: 'bedrock-east', status: 403 } });
  });

  // Bedrock sends no Retry-After on throttling; one added by a proxy in front of it is honoured.
  it(scenarioTitle('error-429-retry-after'), () => {
    expectRequest('error-429-retry-after', request([user('Hi')]));
    expect(decodeErrorFixture('error-429-retry-after')).toMatchObject({ code: 'GW_RATE_LIMITED', status: 429, retryable: true, retryAfterMs: undefined });
    expect(decodeErrorFixture('error-429-retry-after', { 'retry-after': '2' }).retryAfterMs).toBe(2000);
  });

  it(scenarioTitle('error-overloaded'), () => {
    expectRequest('error-overloaded', request([user('Hi')]));
    expect(decodeErrorFixture('error-overloaded')).toMatchObject({ code: 'GW_UNAVAILABLE', status: 503, retryable: true });
  });

  it(scenarioTitle('stream-error-before-output'), () => {
    expectRequest('stream-error-before-output', request([user('Hi')], { stream: true }));
    const events = decodeStream('stream-error-before-output');
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: 'error', error: { code: 'GW_RATE_LIMITED', status: 429, retryable: true } });
  });

  it(scenarioTitle('stream-error-mid-stream'), () => {
    expectRequest('stream-error-mid-stream', request([user('List the first three primes.')], { stream: true }));
    const events = decodeStream('stream-error-mid-stream');
    expect(events.slice(0, 2)).toStrictEqual([
      { type: 'response-start', id: '', model: '', createdAt: 0 },
      { type: 'text-delta', index: 0, delta: 'The first three primes are 2, 3' },
    ]);
    expect(events.slice(2)).toHaveLength(1);
    expect(events[2]).toMatchObject({
      type: 'error',
      error: { code: 'GW_UPSTREAM_ERROR', retryable: true, message: 'bedrock-converse stream: modelStreamErrorException: Model stream error: the model encountered an unexpected error.' },
    });
  });
});
