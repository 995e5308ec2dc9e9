import Anthropic from '@anthropic-ai/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MASTER_KEY } from './support/gateway-config.js';
import { FORMAT_MODELS, MOCK_AWS, MOCK_KEYS, TOOL_ARGUMENTS, TOOL_CALL_IDS, formatGatewayConfig, readLogRow, startFormatUpstream } from './support/format-upstream.js';
import type { FormatRequest, FormatUpstream } from './support/format-upstream.js';
import { startGateway } from './support/start-gateway.js';
import type { RunningGateway } from './support/start-gateway.js';

let upstream: FormatUpstream;
let gateway: RunningGateway;
let client: Anthropic;

beforeAll(async () => {
  upstream = await startFormatUpstream();
  gateway = await startGateway(formatGatewayConfig(upstream));
  client = new Anthropic({ baseURL: gateway.url, apiKey: MASTER_KEY, maxRetries: 0, timeout: 10_000 });
});

afterAll(async () => {
  await gateway?.stop();
  await upstream?.close();
});

type Body = Record<string, unknown>;
type Message = Record<string, unknown>;
type Format = 'openai' | 'gemini' | 'anthropic' | 'vertex-claude' | 'bedrock-claude';

const BETA = 'prompt-caching-2024-07-31';
const TOOLS: Anthropic.Tool[] = [
  { name: 'get_weather', description: 'Current weather for a city', input_schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } },
];
const QUESTION: Anthropic.MessageParam = { role: 'user', content: 'Weather in Paris?' };
const TEXT_REQUEST = { max_tokens: 256, system: 'Answer briefly.', messages: [{ role: 'user' as const, content: 'Hi' }], top_k: 5, metadata: { user_id: 'user-7' } };
const SIGV4 = new RegExp(`^AWS4-HMAC-SHA256 Credential=${MOCK_AWS.accessKeyId}/\\d{8}/us-east-1/bedrock/aws4_request, ?SignedHeaders=[a-z0-9;-]+, ?Signature=[0-9a-f]{64}$`);
/** Claude on Bedrock is chosen by the model id; Claude on Vertex by the model name. */
const FAILING_PREFIX: Partial<Record<Format, string>> = { 'vertex-claude': 'claude-', 'bedrock-claude': 'anthropic.claude-' };
/** Anthropic counts input without the cache: 30 input of which 10 cached is 20 + 10. */
const USAGE = { input_tokens: 20, cache_read_input_tokens: 10, output_tokens: 5 };

interface FormatCase {
  format: Format;
  checkTextRequest(request: FormatRequest): void;
  checkToolResult(body: Body): void;
}

const CASES: FormatCase[] = [
  {
    format: 'openai',
    checkTextRequest({ body, headers }) {
      expect(headers.authorization).toBe(`Bearer ${MOCK_KEYS.openai}`);
      expect(body.model).toBe('gpt-4o-mini');
      expect((body.messages as Message[])[0]).toEqual({ role: 'system', content: 'Answer briefly.' });
      expect(body.max_completion_tokens ?? body.max_tokens).toBe(256);
    },
    checkToolResult(body) {
      const messages = body.messages as Message[];
      expect(messages.at(-2)).toMatchObject({ role: 'assistant', tool_calls: [{ id: TOOL_CALL_IDS.openai, type: 'function', function: { name: 'get_weather' } }] });
      expect(messages.at(-1)).toMatchObject({ role: 'tool', tool_call_id: TOOL_CALL_IDS.openai });
    },
  },
  {
    format: 'gemini',
    checkTextRequest({ body }) {
      expect(body.systemInstruction).toEqual({ parts: [{ text: 'Answer briefly.' }] });
      expect(body.contents).toEqual([{ role: 'user', parts: [{ text: 'Hi' }] }]);
      // top_k travels only to Anthropic targets; elsewhere it is dropped with a warning (checked below).
      expect(body.generationConfig).toEqual({ maxOutputTokens: 256 });
    },
    checkToolResult(body) {
      const contents = body.contents as Message[];
      expect(contents.at(-2)).toMatchObject({ role: 'model', parts: [{ functionCall: { name: 'get_weather', args: TOOL_ARGUMENTS } }] });
      expect(contents.at(-1)).toMatchObject({ role: 'user', parts: [{ functionResponse: { name: 'get_weather', response: { temperature: '18C' } } }] });
    },
  },
  {
    format: 'anthropic',
    checkTextRequest({ body, headers }) {
      // Passthrough: the caller's body exactly, the model aside, and the caller's beta header.
      expect(body).toEqual({ ...TEXT_REQUEST, model: FORMAT_MODELS.anthropic.deployment });
      expect(headers['anthropic-beta']).toBe(BETA);
      expect(headers['x-api-key']).toBe(MOCK_KEYS.anthropic);
    },
    checkToolResult(body) {
      const messages = body.messages as Message[];
      expect(messages.at(-1)).toEqual({ role: 'user', content: [{ type: 'tool_result', tool_use_id: TOOL_CALL_IDS.anthropic, content: '{"temperature":"18C"}' }] });
    },
  },
  {
    format: 'vertex-claude',
    checkTextRequest({ body, headers, path }) {
      // Passthrough with Vertex's envelope: the model moves to the URL, the version marker joins the body.
      expect(body).toEqual({ ...TEXT_REQUEST, anthropic_version: 'vertex-2023-10-16' });
      expect(path).toMatch(/\/publishers\/anthropic\/models\/claude-sonnet-4@20250514:rawPredict$/);
      expect(upstream.issuedTokens.map((token) => `Bearer ${token}`)).toContain(headers.authorization);
      expect(headers['anthropic-beta']).toBe(BETA);
    },
    checkToolResult(body) {
      const messages = body.messages as Message[];
      expect(messages.at(-1)).toEqual({ role: 'user', content: [{ type: 'tool_result', tool_use_id: TOOL_CALL_IDS['vertex-claude'], content: '{"temperature":"18C"}' }] });
    },
  },
  {
    format: 'bedrock-claude',
    checkTextRequest({ body, headers, path }) {
      // InvokeModel passthrough with Bedrock's envelope: the model moves to the URL, the
      // version marker joins the body, and the beta header becomes the body's anthropic_beta.
      expect(body).toEqual({ ...TEXT_REQUEST, anthropic_version: 'bedrock-2023-05-31', anthropic_beta: [BETA] });
      expect(path).toBe('/model/us.anthropic.claude-sonnet-4-20250514-v1%3A0/invoke');
      expect(headers.authorization).toMatch(SIGV4);
      expect(headers['anthropic-beta']).toBeUndefined();
    },
    checkToolResult(body) {
      const messages = body.messages as Message[];
      expect(messages.at(-2)).toEqual({ role: 'assistant', content: [{ type: 'tool_use', id: TOOL_CALL_IDS['bedrock-claude'], name: 'get_weather', input: TOOL_ARGUMENTS }] });
      expect(messages.at(-1)).toEqual({ role: 'user', content: [{ type: 'tool_result', tool_use_id: TOOL_CALL_IDS['bedrock-claude'], content: '{"temperature":"18C"}' }] });
    },
  },
];

describe.each(CASES)('the @anthropic-ai/sdk client on /v1/messages backed by the $format format', ({ format, checkTextRequest, checkToolResult }) => {
  it('answers a text request in Anthropic shape with usage, and logs it', { timeout: 10_000 }, async () => {
    const { data, response } = await client.messages.create({ model: format, ...TEXT_REQUEST }, { headers: { 'anthropic-beta': BETA } }).withResponse();
    expect(data.type).toBe('message');
    expect(data.role).toBe('assistant');
    expect(data.id).toMatch(/^msg_/);
    expect(data.content).toEqual([{ type: 'text', text: `Hello from ${format}` }]);
    expect(data.stop_reason).toBe('end_turn');
    expect(data.usage).toMatchObject(USAGE);
    checkTextRequest(upstream.last(format)!);
    if (format === 'openai' || format === 'gemini') expect(response.headers.get('x-switchyard-warnings')).toContain('top_k');

    const row = await readLogRow(gateway.url, response.headers.get('x-switchyard-request-id')!);
    expect(row).toMatchObject({ endpoint: '/v1/messages', model: format, provider: FORMAT_MODELS[format].provider, deployment_model: FORMAT_MODELS[format].deployment });
    expect(row).toMatchObject({ status: 200, input_tokens: 30, output_tokens: 5, cached_tokens: 10, cost_usd: 0.00004 });
  });

  it('streams a message the SDK assembles with messages.stream().finalMessage()', { timeout: 10_000 }, async () => {
    const message = await client.messages.stream({ model: format, ...TEXT_REQUEST }).finalMessage();
    expect(message.content).toEqual([{ type: 'text', text: `Hello from ${format}` }]);
    expect(message.stop_reason).toBe('end_turn');
    expect(message.usage).toMatchObject(USAGE);
    const forwarded = upstream.last(format)!;
    expect(forwarded.stream).toBe(true);
    if (format === 'anthropic') expect(forwarded.body).toEqual({ ...TEXT_REQUEST, model: FORMAT_MODELS.anthropic.deployment, stream: true });
    if (format === 'vertex-claude') expect(forwarded.path).toMatch(/:streamRawPredict$/);
    if (format === 'bedrock-claude') {
      expect(forwarded.path).toBe('/model/us.anthropic.claude-sonnet-4-20250514-v1%3A0/invoke-with-response-stream');
      expect(forwarded.body).toEqual({ ...TEXT_REQUEST, anthropic_version: 'bedrock-2023-05-31' });
    }
  });

  it('runs a tool_use round trip, the tool_result reaching the upstream in its format', { timeout: 10_000 }, async () => {
    const first = await client.messages.create({ model: format, max_tokens: 256, messages: [QUESTION], tools: TOOLS });
    expect(first.stop_reason).toBe('tool_use');
    const toolUse = first.content.find((block): block is Anthropic.ToolUseBlock => block.type === 'tool_use');
    expect(toolUse).toMatchObject({ name: 'get_weather', input: TOOL_ARGUMENTS });
    expect(toolUse!.id).toEqual(expect.any(String));
    if (format !== 'gemini') expect(toolUse!.id).toBe(TOOL_CALL_IDS[format]);

    const second = await client.messages.create({
      model: format,
      max_tokens: 256,
      tools: TOOLS,
      messages: [QUESTION, { role: 'assistant', content: first.content }, { role: 'user', content: [{ type: 'tool_result', tool_use_id: toolUse!.id, content: '{"temperature":"18C"}' }] }],
    });
    expect(second.stop_reason).toBe('end_turn');
    expect(second.content[0]).toMatchObject({ type: 'text', text: expect.stringMatching(/^Tool said: .*18C/) });
    checkToolResult(upstream.last(format)!.body);
  });

  it('streams a tool_use block whose input the SDK parses', { timeout: 10_000 }, async () => {
    const message = await client.messages.stream({ model: format, max_tokens: 256, messages: [QUESTION], tools: TOOLS }).finalMessage();
    expect(message.stop_reason).toBe('tool_use');
    expect(message.content.find((block) => block.type === 'tool_use')).toMatchObject({ type: 'tool_use', name: 'get_weather', input: TOOL_ARGUMENTS });
  });

  it('answers an upstream 429 as a rate_limit_error with retry-after', { timeout: 10_000 }, async () => {
    const model = `${FORMAT_MODELS[format].provider}/${FAILING_PREFIX[format] ?? ''}fail-429`;
    const error = (await client.messages.create({ model, max_tokens: 16, messages: [QUESTION] }).catch((caught: unknown) => caught)) as InstanceType<typeof Anthropic.APIError>;
    expect(error).toBeInstanceOf(Anthropic.RateLimitError);
    expect(error.status).toBe(429);
    expect(error.headers?.get('retry-after')).toBe('7');
    expect(error.error).toMatchObject({ type: 'error', error: { type: 'rate_limit_error', message: expect.any(String) } });
    if (format === 'bedrock-claude') expect(upstream.last(format)?.path).toBe('/model/anthropic.claude-fail-429/invoke');
  });
});

describe('Claude on Bedrock: InvokeModel for Anthropic callers, Converse for the rest', () => {
  it('escapes an inference profile ARN into the invoke path, signed as AWS checks it', { timeout: 10_000 }, async () => {
    const arn = 'arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-sonnet-4-20250514-v1:0';
    const message = await client.messages.create({ model: `bed/${arn}`, max_tokens: 16, messages: [QUESTION] });
    expect(message.content).toEqual([{ type: 'text', text: 'Hello from bedrock-claude' }]);
    const forwarded = upstream.last('bedrock-claude')!;
    expect(forwarded.path).toBe('/model/arn%3Aaws%3Abedrock%3Aus-east-1%3A123456789012%3Ainference-profile%2Fus.anthropic.claude-sonnet-4-20250514-v1%3A0/invoke');
    expect(forwarded.model).toBe(arn);
  });

  it('turns a throttlingException in the event stream into an Anthropic error event the SDK raises', { timeout: 10_000 }, async () => {
    const stream = client.messages.stream({ model: 'bed/anthropic.claude-stream-throttled', max_tokens: 16, messages: [QUESTION] });
    const error = (await stream.finalMessage().catch((caught: unknown) => caught)) as InstanceType<typeof Anthropic.APIError>;
    expect(error).toBeInstanceOf(Anthropic.APIError);
    expect(error.error).toEqual({ type: 'error', error: { type: 'rate_limit_error', message: expect.stringContaining('Too many tokens') } });
    expect(upstream.last('bedrock-claude')?.path).toBe('/model/anthropic.claude-stream-throttled/invoke-with-response-stream');
  });

  it('keeps other Bedrock models on Converse for Anthropic callers', { timeout: 10_000 }, async () => {
    const message = await client.messages.create({ model: 'bed/meta.llama3-3-70b-instruct-v1:0', max_tokens: 16, messages: [QUESTION] });
    expect(message.content).toEqual([{ type: 'text', text: 'Hello from bedrock' }]);
    const forwarded = upstream.last('bedrock')!;
    expect(forwarded.path).toBe('/model/meta.llama3-3-70b-instruct-v1%3A0/converse');
    expect(forwarded.body).toMatchObject({ messages: [{ role: 'user', content: [{ text: 'Weather in Paris?' }] }], inferenceConfig: { maxTokens: 16 } });
  });

  it('keeps OpenAI-format callers of the same Claude deployment on Converse', { timeout: 10_000 }, async () => {
    const before = upstream.received.filter((request) => request.format === 'bedrock-claude').length;
    const response = await fetch(`${gateway.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${MASTER_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'bedrock-claude', messages: [{ role: 'user', content: 'Hi' }] }),
    });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { choices: Array<{ message: { content: string } }> }).choices[0]?.message.content).toBe('Hello from bedrock');
    const forwarded = upstream.last('bedrock')!;
    expect(forwarded.path).toBe('/model/us.anthropic.claude-sonnet-4-20250514-v1%3A0/converse');
    expect(forwarded.headers.authorization).toMatch(SIGV4);
    expect(upstream.received.filter((request) => request.format === 'bedrock-claude').length).toBe(before);
  });
});

describe('errors and token counting on /v1/messages', () => {
  it('answers an unknown model with 404 not_found_error in Anthropic shape', { timeout: 10_000 }, async () => {
    const error = (await client.messages.create({ model: 'no-such-model', max_tokens: 16, messages: [QUESTION] }).catch((caught: unknown) => caught)) as InstanceType<typeof Anthropic.APIError>;
    expect(error).toBeInstanceOf(Anthropic.NotFoundError);
    expect(error.status).toBe(404);
    expect(error.error).toEqual({ type: 'error', error: { type: 'not_found_error', message: expect.stringContaining('no-such-model') } });
  });

  it('refuses a request without max_tokens with 400 invalid_request_error', { timeout: 10_000 }, async () => {
    const response = await fetch(`${gateway.url}/v1/messages`, {
      method: 'POST',
      headers: { 'x-api-key': MASTER_KEY, 'content-type': 'application/json', 'anthropic-version': '2023-06-01' },
      body: JSON.stringify({ model: 'gemini', messages: [{ role: 'user', content: 'Hi' }] }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ type: 'error', error: { type: 'invalid_request_error', message: expect.stringContaining('max_tokens') } });
  });

  it('refuses, on a strict model, a setting the target cannot honour instead of warning', { timeout: 10_000 }, async () => {
    const before = upstream.received.length;
    const error = await client.messages.create({ model: 'gemini-strict', ...TEXT_REQUEST }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Anthropic.BadRequestError);
    expect((error as InstanceType<typeof Anthropic.BadRequestError>).error).toMatchObject({ type: 'error', error: { type: 'invalid_request_error', message: expect.stringContaining('top_k') } });
    expect(upstream.received.length).toBe(before);
  });

  it('passes count_tokens through to the Anthropic format', { timeout: 10_000 }, async () => {
    const counted = await client.messages.countTokens({ model: 'anthropic', system: 'Answer briefly.', messages: [QUESTION], tools: TOOLS }, { headers: { 'anthropic-beta': BETA } });
    expect(counted).toEqual({ input_tokens: 42 });
    const forwarded = upstream.last('count-tokens')!;
    expect(forwarded.path).toBe('/v1/messages/count_tokens');
    expect(forwarded.body).toEqual({ model: FORMAT_MODELS.anthropic.deployment, system: 'Answer briefly.', messages: [QUESTION], tools: TOOLS });
    expect(forwarded.headers['anthropic-beta']).toBe(BETA);
  });

  it('answers count_tokens on an OpenAI-format model with 501 in Anthropic shape', { timeout: 10_000 }, async () => {
    const error = (await client.messages.countTokens({ model: 'openai', messages: [QUESTION] }).catch((caught: unknown) => caught)) as InstanceType<typeof Anthropic.APIError>;
    expect(error).toBeInstanceOf(Anthropic.APIError);
    expect(error.status).toBe(501);
    expect(error.error).toEqual({ type: 'error', error: { type: expect.any(String), message: expect.stringContaining('count_tokens') } });
    expect(upstream.received.filter((request) => request.format === 'openai' && request.path.includes('count'))).toEqual([]);
  });
});
