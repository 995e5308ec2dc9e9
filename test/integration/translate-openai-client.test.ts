import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MASTER_KEY } from './support/gateway-config.js';
import { FORMAT_MODELS, MOCK_AWS, MOCK_KEYS, TOOL_ARGUMENTS, TOOL_CALL_IDS, formatGatewayConfig, readLogRow, startFormatUpstream } from './support/format-upstream.js';
import type { FormatRequest, FormatUpstream, UpstreamFormat } from './support/format-upstream.js';
import { startGateway } from './support/start-gateway.js';
import type { RunningGateway } from './support/start-gateway.js';

let upstream: FormatUpstream;
let gateway: RunningGateway;
let client: OpenAI;

beforeAll(async () => {
  upstream = await startFormatUpstream();
  gateway = await startGateway(formatGatewayConfig(upstream));
  client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: MASTER_KEY, maxRetries: 0, timeout: 10_000 });
});

afterAll(async () => {
  await gateway?.stop();
  await upstream?.close();
});

type Body = Record<string, unknown>;
type Message = Record<string, unknown>;
const messagesOf = (body: Body) => (body.messages ?? body.contents) as Message[];
const blocksOf = (message: Message | undefined) => ((message?.content ?? message?.parts) as Message[]) ?? [];

/** What each format must have received: the system prompt where it belongs, credentials, and the tool result in its own shape. */
interface FormatCase {
  format: UpstreamFormat;
  /** The status the gateway answers an upstream "overloaded" with (errors.md: unavailable 503, upstream 502). */
  overloadedStatus: number;
  checkTextRequest(request: FormatRequest): void;
  checkToolResult(body: Body, toolCallId: string): void;
}

function checkAnthropicText(request: FormatRequest): void {
  expect(request.body.max_tokens).toEqual(expect.any(Number));
  expect(request.body.system === 'Answer briefly.' || JSON.stringify(request.body.system).includes('Answer briefly.')).toBe(true);
  expect(messagesOf(request.body).map((message) => message.role)).toEqual(['user']);
}

function checkAnthropicToolResult(body: Body, toolCallId: string): void {
  const [, assistant, last] = messagesOf(body);
  expect(blocksOf(assistant)).toContainEqual(expect.objectContaining({ type: 'tool_use', id: toolCallId, name: 'get_weather', input: TOOL_ARGUMENTS }));
  expect(last?.role).toBe('user');
  expect(blocksOf(last)[0]).toMatchObject({ type: 'tool_result', tool_use_id: toolCallId });
}

function checkGeminiText(request: FormatRequest): void {
  expect(request.body.systemInstruction).toEqual({ parts: [{ text: 'Answer briefly.' }] });
  expect(messagesOf(request.body)).toEqual([{ role: 'user', parts: [{ text: 'Hi' }] }]);
}

function checkGeminiToolResult(body: Body): void {
  const [, model, last] = messagesOf(body);
  expect(model).toMatchObject({ role: 'model', parts: [{ functionCall: { name: 'get_weather', args: TOOL_ARGUMENTS } }] });
  expect(last).toMatchObject({ role: 'user', parts: [{ functionResponse: { name: 'get_weather', response: { temperature: '18C' } } }] });
}

function checkOpenAIStyleToolResult(body: Body, toolCallId: string): void {
  const [, assistant, last] = messagesOf(body);
  expect(assistant).toMatchObject({ role: 'assistant', tool_calls: [{ id: toolCallId, function: { name: 'get_weather' } }] });
  expect(last).toMatchObject({ role: 'tool', tool_call_id: toolCallId });
}

const vertexBearer = (request: FormatRequest) => expect(upstream.issuedTokens.map((token) => `Bearer ${token}`)).toContain(request.headers.authorization);

const CASES: FormatCase[] = [
  {
    format: 'anthropic',
    overloadedStatus: 503,
    checkTextRequest(request) {
      checkAnthropicText(request);
      expect(request.headers['x-api-key']).toBe(MOCK_KEYS.anthropic);
      expect(request.headers['anthropic-version']).toBe('2023-06-01');
      expect(request.body.model).toBe(FORMAT_MODELS.anthropic.deployment);
    },
    checkToolResult: checkAnthropicToolResult,
  },
  {
    format: 'gemini',
    overloadedStatus: 502,
    checkTextRequest(request) {
      checkGeminiText(request);
      expect(request.headers['x-goog-api-key']).toBe(MOCK_KEYS.gemini);
    },
    checkToolResult: checkGeminiToolResult,
  },
  {
    format: 'vertex-gemini',
    overloadedStatus: 502,
    checkTextRequest(request) {
      checkGeminiText(request);
      vertexBearer(request);
      expect(request.path).toBe('/v1/projects/mock-project/locations/us-east5/publishers/google/models/gemini-2.5-flash:generateContent');
    },
    checkToolResult: checkGeminiToolResult,
  },
  {
    format: 'vertex-claude',
    overloadedStatus: 503,
    checkTextRequest(request) {
      checkAnthropicText(request);
      vertexBearer(request);
      expect(request.body).not.toHaveProperty('model');
      expect(request.body.anthropic_version).toBe('vertex-2023-10-16');
      expect(request.path).toMatch(/\/publishers\/anthropic\/models\/claude-sonnet-4@20250514:rawPredict$/);
    },
    checkToolResult: checkAnthropicToolResult,
  },
  {
    format: 'bedrock',
    overloadedStatus: 503,
    checkTextRequest(request) {
      // The mock verified the SigV4 signature itself; an invalid one would have failed the call.
      expect(request.headers.authorization).toMatch(new RegExp(`^AWS4-HMAC-SHA256 Credential=${MOCK_AWS.accessKeyId}/\\d{8}/us-east-1/bedrock/aws4_request, ?SignedHeaders=[a-z0-9;-]+, ?Signature=[0-9a-f]{64}$`));
      expect(request.path).toBe('/model/anthropic.claude-3-5-sonnet-20240620-v1%3A0/converse');
      expect(request.body.system).toEqual([{ text: 'Answer briefly.' }]);
      expect(messagesOf(request.body)).toEqual([{ role: 'user', content: [{ text: 'Hi' }] }]);
    },
    checkToolResult(body, toolCallId) {
      const [, assistant, last] = messagesOf(body);
      expect(blocksOf(assistant)).toContainEqual({ toolUse: { toolUseId: toolCallId, name: 'get_weather', input: TOOL_ARGUMENTS } });
      expect(blocksOf(last)[0]).toMatchObject({ toolResult: { toolUseId: toolCallId } });
    },
  },
  {
    format: 'mistral',
    overloadedStatus: 502,
    checkTextRequest(request) {
      expect(request.headers.authorization).toBe(`Bearer ${MOCK_KEYS.mistral}`);
      expect(messagesOf(request.body)[0]).toEqual({ role: 'system', content: 'Answer briefly.' });
      expect(request.body.model).toBe('mistral-large-latest');
    },
    checkToolResult: checkOpenAIStyleToolResult,
  },
  {
    format: 'cohere',
    overloadedStatus: 502,
    checkTextRequest(request) {
      expect(request.headers.authorization).toBe(`Bearer ${MOCK_KEYS.cohere}`);
      expect(messagesOf(request.body)[0]).toMatchObject({ role: 'system' });
      expect(JSON.stringify(messagesOf(request.body)[0])).toContain('Answer briefly.');
      expect(request.body.model).toBe('command-a-03-2025');
    },
    checkToolResult: checkOpenAIStyleToolResult,
  },
];

const TOOLS: OpenAI.ChatCompletionTool[] = [
  { type: 'function', function: { name: 'get_weather', description: 'Current weather for a city', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } } },
];
const PROMPT: OpenAI.ChatCompletionMessageParam[] = [
  { role: 'system', content: 'Answer briefly.' },
  { role: 'user', content: 'Hi' },
];
const USAGE = { prompt_tokens: 30, completion_tokens: 5, total_tokens: 35, prompt_tokens_details: expect.objectContaining({ cached_tokens: 10 }) };

/** A deployment of this format whose upstream answers with `mode` (`fail-429`, `overloaded`). */
function failingModel(format: UpstreamFormat, mode: string): string {
  const { provider } = FORMAT_MODELS[format];
  // Claude on Vertex is chosen by the model name.
  return `${provider}/${format === 'vertex-claude' ? 'claude-' : ''}${mode}`;
}

describe.each(CASES)('the openai client through Switchyard to the $format format', ({ format, overloadedStatus, checkTextRequest, checkToolResult }) => {
  it('answers a text request with finish_reason, usage incl. cached tokens, and logs provider, tokens and cost', { timeout: 10_000 }, async () => {
    const { data, response } = await client.chat.completions.create({ model: format, messages: PROMPT }).withResponse();
    expect(data.choices[0]?.message.content).toBe(`Hello from ${format}`);
    expect(data.choices[0]?.finish_reason).toBe('stop');
    // The answer names the deployment that served it, as the x-switchyard-model header does.
    expect(data.model).toBe(FORMAT_MODELS[format].deployment);
    expect(response.headers.get('x-switchyard-model')).toBe(FORMAT_MODELS[format].deployment);
    expect(data.usage).toMatchObject(USAGE);
    checkTextRequest(upstream.last(format)!);

    const row = await readLogRow(gateway.url, response.headers.get('x-switchyard-request-id')!);
    expect(row).toMatchObject({ model: format, provider: FORMAT_MODELS[format].provider, deployment_model: FORMAT_MODELS[format].deployment, status: 200 });
    expect(row).toMatchObject({ input_tokens: 30, output_tokens: 5, cached_tokens: 10, stream: false });
    // 30 input x $1/M (cached at the input price: no cached price set) + 5 output x $2/M.
    expect(row.cost_usd).toBe(0.00004);
    expect(row.cost_flags).toEqual([]);
  });

  it('streams the text and a usage chunk when include_usage is set', { timeout: 10_000 }, async () => {
    const { data: stream, response } = await client.chat.completions
      .create({ model: format, messages: PROMPT, stream: true, stream_options: { include_usage: true } })
      .withResponse();
    let text = '';
    let finish: string | null | undefined;
    let usage: OpenAI.CompletionUsage | null | undefined;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      finish = chunk.choices[0]?.finish_reason ?? finish;
      if (chunk.usage) usage = chunk.usage;
    }
    expect(text).toBe(`Hello from ${format}`);
    expect(finish).toBe('stop');
    expect(usage).toMatchObject(USAGE);
    expect(upstream.last(format)!.stream).toBe(true);
    const row = await readLogRow(gateway.url, response.headers.get('x-switchyard-request-id')!);
    expect(row).toMatchObject({ stream: true, status: 200, input_tokens: 30, output_tokens: 5, cached_tokens: 10, cost_usd: 0.00004 });
  });

  it('returns a tool call with its id and carries the tool result back to the upstream in its format', { timeout: 10_000 }, async () => {
    const question: OpenAI.ChatCompletionMessageParam = { role: 'user', content: 'Weather in Paris?' };
    const first = await client.chat.completions.create({ model: format, messages: [question], tools: TOOLS });
    const choice = first.choices[0]!;
    expect(choice.finish_reason).toBe('tool_calls');
    const call = choice.message.tool_calls?.[0] as OpenAI.ChatCompletionMessageFunctionToolCall;
    // Without `type`, clients that tell function calls from custom tool calls skip the call.
    expect(call.type).toBe('function');
    expect(call.id).toBe(TOOL_CALL_IDS[format] ?? call.id);
    expect(call.id).not.toBe('');
    expect(call.function.name).toBe('get_weather');
    expect(JSON.parse(call.function.arguments)).toEqual(TOOL_ARGUMENTS);

    const second = await client.chat.completions.create({
      model: format,
      tools: TOOLS,
      messages: [question, choice.message, { role: 'tool', tool_call_id: call.id, content: '{"temperature":"18C"}' }],
    });
    expect(second.choices[0]?.finish_reason).toBe('stop');
    expect(second.choices[0]?.message.content).toMatch(/^Tool said: .*18C/);
    const upstreamId = format === 'gemini' || format === 'vertex-gemini' ? '' : TOOL_CALL_IDS[format]!;
    checkToolResult(upstream.last(format)!.body, upstreamId);
  });

  it('streams a tool call whose arguments the client can assemble', { timeout: 10_000 }, async () => {
    const stream = await client.chat.completions.create({ model: format, messages: [{ role: 'user', content: 'Weather?' }], tools: TOOLS, stream: true });
    let name = '';
    let argumentsJson = '';
    let id: string | undefined;
    let type: string | undefined;
    let finish: string | null | undefined;
    for await (const chunk of stream) {
      const delta = chunk.choices[0]?.delta.tool_calls?.[0];
      id ??= delta?.id;
      type ??= delta?.type;
      name += delta?.function?.name ?? '';
      argumentsJson += delta?.function?.arguments ?? '';
      finish = chunk.choices[0]?.finish_reason ?? finish;
    }
    expect(id).toEqual(expect.any(String));
    expect(type).toBe('function');
    expect(name).toBe('get_weather');
    expect(JSON.parse(argumentsJson)).toEqual(TOOL_ARGUMENTS);
    expect(finish).toBe('tool_calls');
  });

  it('answers an upstream 429 with 429 and Retry-After', { timeout: 10_000 }, async () => {
    const error = (await client.chat.completions.create({ model: failingModel(format, 'fail-429'), messages: PROMPT }).catch((caught: unknown) => caught)) as InstanceType<typeof OpenAI.APIError>;
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect(error.status).toBe(429);
    expect(error.headers?.get('retry-after')).toBe('7');
    expect(error.error).toMatchObject({ type: 'rate_limit_error', code: 'rate_limit_exceeded' });
  });

  it('answers an overloaded upstream with the documented status', { timeout: 10_000 }, async () => {
    const error = (await client.chat.completions.create({ model: failingModel(format, 'overloaded'), messages: PROMPT }).catch((caught: unknown) => caught)) as InstanceType<typeof OpenAI.APIError>;
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect(error.status).toBe(overloadedStatus);
    expect(error.error).toMatchObject({ type: 'api_error' });
  });
});

describe('credentials across the run', () => {
  it('traded one Google token for every Vertex call (cached, not fetched per request)', () => {
    expect(upstream.received.filter((request) => request.format === 'vertex-gemini' || request.format === 'vertex-claude').length).toBeGreaterThan(10);
    expect(upstream.issuedTokens).toHaveLength(1);
    expect(upstream.received.filter((request) => request.format === 'token')).toHaveLength(1);
  });
});
