import { describe, expect, it } from 'vitest';
import type { ChatMessage, ChatRequest, ToolDefinition } from '../../core/chat-request.js';
import type { ChatStreamEvent } from '../../core/chat-stream-event.js';
import type { Warning } from '../../core/warning.js';
import { SCENARIO_NAMES, scenarioTitle, type ScenarioName } from '../scenarios/scenario-names.js';
import { createFixtureReader, decodeErrorFixture, decodeSseStream, expectEncodedLike, GET_TIME_TOOL, userText } from '../scenarios/scenario-fixtures.js';
import { anthropicAdapter } from './index.js';

const dialect = anthropicAdapter.dialect!;
const TARGET = { model: 'claude-sonnet-4-20250514' };
const NOW = Date.parse('2025-01-01T00:00:00Z');
const fixtures = createFixtureReader(import.meta.url);

const request = (messages: ChatMessage[], extra: Partial<ChatRequest> = {}): ChatRequest => ({
  model: 'claude',
  messages,
  sampling: { maxOutputTokens: 1024 },
  stream: false,
  ...extra,
});

const WEATHER: ToolDefinition = {
  name: 'get_weather',
  description: 'Current weather for a city.',
  parameters: {
    type: 'object',
    properties: { city: { type: 'string', description: 'City name' }, unit: { type: 'string', enum: ['celsius', 'fahrenheit'] } },
    required: ['city'],
  },
};

function expectRequest(scenario: ScenarioName, canonical: ChatRequest, warnings: Warning[] = []): void {
  const encoded = dialect.encodeRequest(canonical, TARGET);
  expect(encoded.path).toBe('/messages');
  expectEncodedLike(encoded, fixtures.json(`${scenario}.request.json`));
  expect(encoded.warnings).toStrictEqual(warnings);
}

const decodeFixture = (scenario: ScenarioName) => dialect.decodeResponse(fixtures.json(`${scenario}.response.json`));
const decodeStreamFixture = (scenario: ScenarioName): ChatStreamEvent[] => decodeSseStream(dialect, fixtures.bytes(`${scenario}.response.sse`)).events;
const decodeError = (scenario: ScenarioName) => decodeErrorFixture(dialect, scenario, fixtures, { provider: 'anthropic', now: NOW });

const noCache = (input: number, output: number) => ({ inputTokens: input, outputTokens: output, cachedInputTokens: 0, cacheWriteInputTokens: 0 });
const STOP = { unified: 'stop', raw: 'end_turn' } as const;

const SCENARIOS: Record<ScenarioName, () => void> = {
  text() {
    expectRequest('text', request([userText('Say hello.')]));
    expect(decodeFixture('text')).toStrictEqual({
      id: 'msg_01XFDUDYJgAACzvnptvVoYEL',
      model: 'claude-sonnet-4-20250514',
      createdAt: 0,
      choices: [{ index: 0, content: [{ type: 'text', text: 'Hello! How can I help you today?' }], finishReason: STOP }],
      usage: noCache(11, 12),
    });
  },
  'text-stream'() {
    expectRequest('text-stream', request([userText('Count to three.')], { stream: true }));
    expect(decodeStreamFixture('text-stream')).toStrictEqual([
      { type: 'response-start', id: 'msg_01TextStreamE4f', model: 'claude-sonnet-4-20250514', createdAt: 0 },
      { type: 'text-delta', index: 0, delta: 'One' },
      { type: 'text-delta', index: 0, delta: ', two' },
      { type: 'text-delta', index: 0, delta: ', three.' },
      { type: 'choice-end', index: 0, finishReason: STOP },
      { type: 'usage', usage: noCache(12, 10) },
      { type: 'response-end' },
    ]);
  },
  'system-prompt'() {
    const system: ChatMessage = { role: 'system', content: [{ type: 'text', text: 'You are a terse assistant. Answer in five words or fewer.' }] };
    expectRequest('system-prompt', request([system, userText('What are you?')]));
    expect(decodeFixture('system-prompt').choices[0]?.content).toStrictEqual([{ type: 'text', text: 'A terse AI assistant.' }]);
  },
  'multi-turn'() {
    const messages: ChatMessage[] = [userText('My name is Ada.'), { role: 'assistant', content: [{ type: 'text', text: 'Nice to meet you, Ada!' }] }, userText('What is my name?')];
    expectRequest('multi-turn', request(messages, { sampling: { maxOutputTokens: 1024, temperature: 0.3 } }));
    const response = decodeFixture('multi-turn');
    expect(response.choices[0]).toStrictEqual({ index: 0, content: [{ type: 'text', text: 'Your name is Ada.' }], finishReason: STOP });
    expect(response.usage).toStrictEqual(noCache(34, 8));
  },
  'tool-call'() {
    expectRequest('tool-call', request([userText("What's the weather in Paris?")], { tools: [WEATHER], toolChoice: { type: 'auto' } }));
    expect(decodeFixture('tool-call').choices[0]).toStrictEqual({
      index: 0,
      content: [
        { type: 'text', text: "I'll check the weather in Paris." },
        { type: 'tool-call', toolCallId: 'toolu_01A09q90qw90lq917835lq9', toolName: 'get_weather', argumentsJson: '{"city":"Paris","unit":"celsius"}' },
      ],
      finishReason: { unified: 'tool-calls', raw: 'tool_use' },
    });
  },
  'tool-call-stream'() {
    expectRequest('tool-call-stream', request([userText('Weather in Paris, and the time in Tokyo?')], { tools: [WEATHER, GET_TIME_TOOL], stream: true }));
    expect(decodeStreamFixture('tool-call-stream')).toStrictEqual([
      { type: 'response-start', id: 'msg_01ToolStreamG5h', model: 'claude-sonnet-4-20250514', createdAt: 0 },
      { type: 'text-delta', index: 0, delta: 'Let me look both up.' },
      { type: 'tool-call-start', index: 0, toolIndex: 0, toolCallId: 'toolu_01T1x1fJ34qAmk2tNTrN7Up6', toolName: 'get_weather' },
      { type: 'tool-call-delta', index: 0, toolIndex: 0, argumentsDelta: '{"city": "Par' },
      { type: 'tool-call-delta', index: 0, toolIndex: 0, argumentsDelta: 'is"}' },
      { type: 'tool-call-end', index: 0, toolIndex: 0 },
      { type: 'tool-call-start', index: 0, toolIndex: 1, toolCallId: 'toolu_01TokyoClock9k', toolName: 'get_time' },
      { type: 'tool-call-delta', index: 0, toolIndex: 1, argumentsDelta: '{"timezone": "Asia/Tokyo"}' },
      { type: 'tool-call-end', index: 0, toolIndex: 1 },
      { type: 'choice-end', index: 0, finishReason: { unified: 'tool-calls', raw: 'tool_use' } },
      { type: 'usage', usage: noCache(472, 89) },
      { type: 'response-end' },
    ]);
  },
  'parallel-tool-calls'() {
    expectRequest('parallel-tool-calls', request([userText('Weather in Paris and in Rome?')], { tools: [WEATHER], toolChoice: { type: 'required' }, parallelToolCalls: true }));
    expect(decodeFixture('parallel-tool-calls').choices[0]?.content).toStrictEqual([
      { type: 'tool-call', toolCallId: 'toolu_01ParisWx', toolName: 'get_weather', argumentsJson: '{"city":"Paris"}' },
      { type: 'tool-call', toolCallId: 'toolu_01RomeWx', toolName: 'get_weather', argumentsJson: '{"city":"Rome"}' },
    ]);
  },
  'tool-result-roundtrip'() {
    const messages: ChatMessage[] = [
      userText('Weather in Paris and in Rome?'),
      {
        role: 'assistant',
        content: [
          { type: 'text', text: 'Checking both.' },
          { type: 'tool-call', toolCallId: 'toolu_01ParisWx', toolName: 'get_weather', argumentsJson: '{"city":"Paris"}' },
          { type: 'tool-call', toolCallId: 'toolu_01RomeWx', toolName: 'get_weather', argumentsJson: '{"city": "Rome"}' },
        ],
      },
      { role: 'tool', content: [{ type: 'tool-result', toolCallId: 'toolu_01ParisWx', content: '18°C, sunny' }] },
      { role: 'tool', content: [{ type: 'tool-result', toolCallId: 'toolu_01RomeWx', content: [{ type: 'text', text: 'weather service timed out' }], isError: true }] },
    ];
    expectRequest('tool-result-roundtrip', request(messages, { tools: [WEATHER] }));
    expect(decodeFixture('tool-result-roundtrip').choices[0]?.content).toStrictEqual([
      { type: 'text', text: "Paris is 18°C and sunny; Rome's weather is unavailable right now." },
    ]);
  },
  'image-input'() {
    const png = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
    const message: ChatMessage = {
      role: 'user',
      content: [
        { type: 'text', text: 'What is in these images?' },
        { type: 'image', source: { type: 'base64', mediaType: 'image/png', data: png } },
        { type: 'image', source: { type: 'url', url: 'https://upload.wikimedia.org/wikipedia/commons/a/a7/Camponotus_flavomarginatus_ant.jpg' } },
      ],
    };
    expectRequest('image-input', request([message]));
    expect(decodeFixture('image-input').usage).toStrictEqual(noCache(1592, 17));
  },
  'json-schema'() {
    const schema = {
      type: 'object',
      properties: { city: { type: 'string' }, country: { type: 'string' }, population: { type: 'integer' } },
      required: ['city', 'country', 'population'],
      additionalProperties: false,
    };
    expectRequest('json-schema', request([userText('Give me facts about Paris.')], { responseFormat: { type: 'json-schema', name: 'city_facts', schema } }));
    const choice = decodeFixture('json-schema').choices[0];
    expect(choice?.content).toStrictEqual([{ type: 'text', text: '{"city":"Paris","country":"France","population":2102650}' }]);
    expect(choice?.finishReason).toStrictEqual({ unified: 'stop', raw: 'tool_use' });
  },
  'max-tokens'() {
    expectRequest('max-tokens', request([userText('Write a long poem about the sea.')], { sampling: { maxOutputTokens: 16 } }));
    expect(decodeFixture('max-tokens').choices[0]?.finishReason).toStrictEqual({ unified: 'length', raw: 'max_tokens' });
  },
  'content-filter'() {
    expectRequest('content-filter', request([userText('Explain how to make a dangerous weapon.')]));
    const choice = decodeFixture('content-filter').choices[0];
    expect(choice?.finishReason).toStrictEqual({ unified: 'content-filter', raw: 'refusal' });
    expect(choice?.content).toStrictEqual([{ type: 'text', text: "I can't help with that." }]);
  },
  'usage-cached-tokens'() {
    const system: ChatMessage = { role: 'system', content: [{ type: 'text', text: 'You answer questions about the employee handbook.' }] };
    expectRequest('usage-cached-tokens', request([system, userText('Summarize the attached handbook in one line.')]));
    expect(decodeFixture('usage-cached-tokens').usage).toStrictEqual({
      inputTokens: 24 + 8192 + 1024,
      outputTokens: 11,
      cachedInputTokens: 8192,
      cacheWriteInputTokens: 1024,
    });
  },
  reasoning() {
    const messages: ChatMessage[] = [
      userText('What is the weather in Paris, and is it warm?'),
      {
        role: 'assistant',
        content: [
          { type: 'reasoning', text: 'I should call get_weather for Paris.', signature: 'EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds' },
          { type: 'reasoning', text: '', signature: 'anthropic-redacted-thinking:EmwKAhgBEgy3va3pzix/LafPsn4aDFIT2Xlxh0L5L8rLVyIwxtE3rAFBa8cr3qpP' },
          { type: 'tool-call', toolCallId: 'toolu_01ThinkWx', toolName: 'get_weather', argumentsJson: '{"city":"Paris"}' },
        ],
      },
      { role: 'tool', content: [{ type: 'tool-result', toolCallId: 'toolu_01ThinkWx', content: '24°C' }] },
    ];
    expectRequest('reasoning', request(messages, { tools: [WEATHER], reasoningEffort: 'medium', sampling: { maxOutputTokens: 16000 } }));
    const response = decodeFixture('reasoning');
    expect(response.choices[0]?.content).toStrictEqual([
      { type: 'reasoning', text: '24°C is warm for Paris in spring.', signature: 'ErUBCkYIBxgCIkBwa3pqc2lnbmF0dXJlZXhhbXBsZQ==' },
      { type: 'text', text: "It's 24°C in Paris, which is warm." },
    ]);
    expect(response.usage).toStrictEqual({ ...noCache(612, 143), reasoningTokens: 118 });
  },
  'error-400'() {
    // Anthropic's temperature range is 0..1; the gateway sends 1.5 as asked and relays the refusal.
    expectRequest('error-400', request([userText('Hello')], { sampling: { maxOutputTokens: 1024, temperature: 1.5 } }));
    const error = decodeError('error-400');
    expect(error).toMatchObject({ code: 'GW_UPSTREAM_BAD_REQUEST', status: 400, retryable: false, retryAfterMs: undefined });
    expect(error.message).toBe('anthropic: temperature: range: 0..1');
  },
  'error-401'() {
    expectRequest('error-401', request([userText('Hello')]));
    expect(decodeError('error-401')).toMatchObject({ code: 'GW_UPSTREAM_AUTH', status: 502, retryable: false, upstream: { provider: 'anthropic', status: 401 } });
  },
  'error-429-retry-after'() {
    expectRequest('error-429-retry-after', request([userText('Hello')]));
    expect(decodeError('error-429-retry-after')).toMatchObject({ code: 'GW_RATE_LIMITED', status: 429, retryable: true, retryAfterMs: 23_000 });
  },
  'error-overloaded'() {
    expectRequest('error-overloaded', request([userText('Hello')]));
    expect(decodeError('error-overloaded')).toMatchObject({
      code: 'GW_UNAVAILABLE',
      retryable: true,
      retryAfterMs: undefined,
      message: 'anthropic: Overloaded',
      upstream: { provider: 'anthropic', status: 529 },
    });
  },
  'stream-error-before-output'() {
    expectRequest('stream-error-before-output', request([userText('Hello')], { stream: true }));
    const events = decodeStreamFixture('stream-error-before-output');
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: 'error', error: { code: 'GW_UNAVAILABLE', retryable: true, retryAfterMs: undefined } });
  },
  'stream-error-mid-stream'() {
    expectRequest('stream-error-mid-stream', request([userText('Tell me a story.')], { stream: true }));
    const events = decodeStreamFixture('stream-error-mid-stream');
    expect(events.slice(0, 2)).toStrictEqual([
      { type: 'response-start', id: 'msg_01MidStreamH6i', model: 'claude-sonnet-4-20250514', createdAt: 0 },
      { type: 'text-delta', index: 0, delta: 'Once upon a time' },
    ]);
    expect(events).toHaveLength(3);
    expect(events[2]).toMatchObject({ type: 'error', error: { code: 'GW_UPSTREAM_ERROR', retryable: true, message: 'anthropic-messages stream: Internal server error' } });
  },
};

describe('anthropic', () => {
  for (const name of SCENARIO_NAMES) it(scenarioTitle(name), SCENARIOS[name]);
});
