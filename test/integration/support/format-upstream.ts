import { createHash, createHmac, generateKeyPairSync, verify as verifySignature } from 'node:crypto';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { IncomingHttpHeaders, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MASTER_KEY } from './gateway-config.js';
import { encodeAwsEventStreamMessage } from '../../../src/upstream/encode-aws-event-stream-message.js';

/**
 * A loopback stand-in for every provider format, chosen by path:
 * `/v1/chat/completions` OpenAI; `/mistral/v1/chat/completions` Mistral (OpenAI-like with
 * Mistral's quirks: closed schema, 9-character tool call ids, usage in the last chunk);
 * `/v1/messages` (+ `/count_tokens`) Anthropic; `/v1beta/models/{m}:generateContent` and
 * `:streamGenerateContent?alt=sse` Gemini; `/v1/projects/.../publishers/{google|anthropic}/models/...`
 * Vertex (bearer token from `/token`, the Google OAuth JWT-bearer grant, verified);
 * `/model/{id}/converse` and `/converse-stream` Bedrock (SigV4 verified, AWS event
 * stream); `/model/{id}/invoke` and `/invoke-with-response-stream` Claude on Bedrock
 * (SigV4 verified; Anthropic's body in Bedrock's envelope; each Anthropic stream event
 * base64-encoded in an event-stream `chunk`); `/v2/chat` Cohere. Wire shapes follow src/providers/<type>/__fixtures__.
 *
 * Scripted answers: "Tool said: <result>" when the last message carries a tool result;
 * a `get_weather`-style call of the first declared tool when the request has tools;
 * "Hello from <format>" otherwise, always with MOCK_USAGE. A model name containing
 * `fail-429` gets the format's own 429 (retry after 7 s), `overloaded` its 529/503; on
 * Claude on Bedrock, `stream-throttled` sends a `throttlingException` after the stream's
 * first event.
 */
export type UpstreamFormat = 'openai' | 'mistral' | 'anthropic' | 'gemini' | 'vertex-gemini' | 'vertex-claude' | 'bedrock' | 'bedrock-claude' | 'cohere';

export interface FormatRequest {
  format: UpstreamFormat | 'count-tokens' | 'token';
  method: string;
  /** The path as received (still percent-encoded), without the query. */
  path: string;
  query: string;
  headers: IncomingHttpHeaders;
  /** The parsed JSON body (the token endpoint's form fields as an object). */
  body: Record<string, unknown>;
  /** The model from the body or, for Google and Bedrock, the URL. */
  model: string;
  stream: boolean;
}

export interface FormatUpstream {
  url: string;
  received: FormatRequest[];
  /** Access tokens handed out by `/token`, oldest first. */
  issuedTokens: string[];
  /** A Vertex `credentials_json` whose `token_uri` is this mock's `/token`. */
  serviceAccountJson: string;
  /** The last request of one format. */
  last(format: FormatRequest['format']): FormatRequest | undefined;
  close(): Promise<void>;
}

/** Canonical counts every answer reports: 30 input tokens of which 10 cached, 5 output. */
export const MOCK_USAGE = { input: 30, cached: 10, output: 5 } as const;
export const MOCK_KEYS = { openai: 'sk-oai-mock', anthropic: 'sk-ant-mock', gemini: 'gemini-mock-key', mistral: 'mistral-mock-key', cohere: 'cohere-mock-key' } as const;
export const MOCK_AWS = { accessKeyId: 'AKIDMOCKEXAMPLE', secretAccessKey: 'mock/secret+key', region: 'us-east-1' } as const;
export const TOOL_ARGUMENTS = { city: 'Paris' } as const;
/** Tool call ids per format (Gemini sends none; the gateway makes them up). */
export const TOOL_CALL_IDS: Partial<Record<UpstreamFormat, string>> = {
  openai: 'call_mock_1', mistral: 'Mx7mN2pLk', anthropic: 'toolu_mock_1', 'vertex-claude': 'toolu_mock_1', bedrock: 'tooluse_mock_1', 'bedrock-claude': 'toolu_bdrk_mock_1', cohere: 'get_weather_mock1',
};

type Json = Record<string, unknown>;
type Plan = { kind: 'text'; text: string } | { kind: 'tool'; name: string; id: string };

const isRecord = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const sse = (data: unknown, event?: string) => `${event ? `event: ${event}\n` : ''}data: ${JSON.stringify(data)}\n\n`;

/** The text of a tool result in any of the formats' shapes (string, blocks, objects). */
function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) return content.map(textOf).join('');
  if (!isRecord(content)) return JSON.stringify(content);
  if (typeof content.text === 'string') return content.text;
  if (content.json !== undefined) return JSON.stringify(content.json);
  if ('result' in content && Object.keys(content).length === 1) return textOf(content.result);
  return JSON.stringify(content);
}

/** Reads the conversation in the request's own format: its tool result, its first tool. */
function readTurn(format: UpstreamFormat, body: Json): { toolResult?: string; toolName?: string } {
  const messages = list(format === 'gemini' || format === 'vertex-gemini' ? body.contents : body.messages);
  const last = isRecord(messages.at(-1)) ? (messages.at(-1) as Json) : {};
  let toolResult: string | undefined;
  let toolName: string | undefined;
  if (format === 'openai' || format === 'mistral' || format === 'cohere') {
    if (last.role === 'tool') toolResult = textOf(last.content);
    const tool = list(body.tools)[0];
    if (isRecord(tool) && isRecord(tool.function)) toolName = String(tool.function.name);
  } else if (format === 'anthropic' || format === 'vertex-claude' || format === 'bedrock-claude') {
    const result = list(last.content).find((block) => isRecord(block) && block.type === 'tool_result') as Json | undefined;
    if (result) toolResult = textOf(result.content);
    const tool = list(body.tools)[0];
    if (isRecord(tool)) toolName = String(tool.name);
  } else if (format === 'bedrock') {
    const block = list(last.content).find((part) => isRecord(part) && isRecord(part.toolResult)) as Json | undefined;
    if (block) toolResult = textOf((block.toolResult as Json).content);
    const tool = list(isRecord(body.toolConfig) ? body.toolConfig.tools : undefined)[0];
    if (isRecord(tool) && isRecord(tool.toolSpec)) toolName = String(tool.toolSpec.name);
  } else {
    const part = list(last.parts).find((candidate) => isRecord(candidate) && isRecord(candidate.functionResponse)) as Json | undefined;
    if (part) toolResult = textOf((part.functionResponse as Json).response);
    const holder = list(body.tools).find((tool) => isRecord(tool) && Array.isArray(tool.functionDeclarations));
    const declaration = isRecord(holder) ? list(holder.functionDeclarations)[0] : undefined;
    if (isRecord(declaration)) toolName = String(declaration.name);
  }
  return { toolResult, toolName };
}

function planAnswer(format: UpstreamFormat, body: Json): Plan {
  const { toolResult, toolName } = readTurn(format, body);
  if (toolResult !== undefined) return { kind: 'text', text: `Tool said: ${toolResult}` };
  if (toolName !== undefined) return { kind: 'tool', name: toolName, id: TOOL_CALL_IDS[format] ?? '' };
  return { kind: 'text', text: `Hello from ${format}` };
}

const ARGUMENTS_JSON = JSON.stringify(TOOL_ARGUMENTS);
const halves = (text: string): string[] => [text.slice(0, Math.ceil(text.length / 2)), text.slice(Math.ceil(text.length / 2))];

// --- OpenAI and Mistral -------------------------------------------------------------

function openaiUsage(): Json {
  return { prompt_tokens: MOCK_USAGE.input, completion_tokens: MOCK_USAGE.output, total_tokens: MOCK_USAGE.input + MOCK_USAGE.output, prompt_tokens_details: { cached_tokens: MOCK_USAGE.cached } };
}

function openaiToolCall(format: UpstreamFormat, plan: Extract<Plan, { kind: 'tool' }>, argumentsJson: string): Json {
  // Mistral's tool calls carry no `type`.
  return { id: plan.id, ...(format === 'mistral' ? {} : { type: 'function' }), function: { name: plan.name, arguments: argumentsJson } };
}

function openaiJson(format: UpstreamFormat, plan: Plan, model: string): Json {
  const message = plan.kind === 'text'
    ? { role: 'assistant', content: plan.text }
    : { role: 'assistant', content: format === 'mistral' ? '' : null, tool_calls: [openaiToolCall(format, plan, ARGUMENTS_JSON)] };
  return { id: 'chatcmpl-mock', object: 'chat.completion', created: 1735000000, model, choices: [{ index: 0, message, finish_reason: plan.kind === 'text' ? 'stop' : 'tool_calls' }], usage: openaiUsage() };
}

function openaiStream(format: UpstreamFormat, plan: Plan, model: string, body: Json): string[] {
  const chunk = (delta: Json, finish: string | null, extra: Json = {}) =>
    sse({ id: 'chatcmpl-mock', object: 'chat.completion.chunk', created: 1735000000, model, choices: [{ index: 0, delta, finish_reason: finish }], ...extra });
  const frames = [chunk({ role: 'assistant', content: '' }, null)];
  if (plan.kind === 'text') for (const piece of halves(plan.text)) frames.push(chunk({ content: piece }, null));
  else {
    frames.push(chunk({ tool_calls: [{ index: 0, ...openaiToolCall(format, plan, '') }] }, null));
    for (const piece of halves(ARGUMENTS_JSON)) frames.push(chunk({ tool_calls: [{ index: 0, function: { arguments: piece } }] }, null));
  }
  const finish = plan.kind === 'text' ? 'stop' : 'tool_calls';
  // Mistral always reports usage on the finishing chunk; OpenAI only when asked, in a chunk of its own.
  if (format === 'mistral') frames.push(chunk({ content: '' }, finish, { usage: openaiUsage() }));
  else {
    frames.push(chunk({}, finish));
    if (isRecord(body.stream_options) && body.stream_options.include_usage === true) {
      frames.push(sse({ id: 'chatcmpl-mock', object: 'chat.completion.chunk', created: 1735000000, model, choices: [], usage: openaiUsage() }));
    }
  }
  return [...frames, 'data: [DONE]\n\n'];
}

// --- Anthropic (and Claude on Vertex and Bedrock) -----------------------------------

const anthropicUsage = (output: number) => ({ input_tokens: MOCK_USAGE.input - MOCK_USAGE.cached, cache_creation_input_tokens: 0, cache_read_input_tokens: MOCK_USAGE.cached, output_tokens: output });

function anthropicJson(plan: Plan, model: string | undefined): Json {
  const content = plan.kind === 'text' ? [{ type: 'text', text: plan.text }] : [{ type: 'tool_use', id: plan.id, name: plan.name, input: TOOL_ARGUMENTS }];
  return { id: 'msg_mock01', type: 'message', role: 'assistant', model: model ?? 'claude-on-vertex', content, stop_reason: plan.kind === 'text' ? 'end_turn' : 'tool_use', stop_sequence: null, usage: anthropicUsage(MOCK_USAGE.output) };
}

/** A streamed Messages answer, one object per event (each has its `type`). */
function anthropicEvents(plan: Plan, model: string | undefined): Json[] {
  const message = { ...anthropicJson(plan, model), content: [], stop_reason: null, usage: anthropicUsage(1) };
  const events: Json[] = [{ type: 'message_start', message }];
  const block = plan.kind === 'text' ? { type: 'text', text: '' } : { type: 'tool_use', id: plan.id, name: plan.name, input: {} };
  events.push({ type: 'content_block_start', index: 0, content_block: block }, { type: 'ping' });
  for (const piece of halves(plan.kind === 'text' ? plan.text : ARGUMENTS_JSON)) {
    const delta = plan.kind === 'text' ? { type: 'text_delta', text: piece } : { type: 'input_json_delta', partial_json: piece };
    events.push({ type: 'content_block_delta', index: 0, delta });
  }
  events.push(
    { type: 'content_block_stop', index: 0 },
    { type: 'message_delta', delta: { stop_reason: plan.kind === 'text' ? 'end_turn' : 'tool_use', stop_sequence: null }, usage: { output_tokens: MOCK_USAGE.output } },
    { type: 'message_stop' },
  );
  return events;
}

function anthropicStream(plan: Plan, model: string | undefined): string[] {
  return anthropicEvents(plan, model).map((event) => sse(event, String(event.type)));
}

// --- Gemini and Vertex Gemini -------------------------------------------------------

function geminiChunk(format: UpstreamFormat, parts: Json[], model: string, finished: boolean): Json {
  const candidate: Json = { content: { role: 'model', parts }, index: 0 };
  if (finished) candidate.finishReason = 'STOP';
  const usageMetadata: Json = { promptTokenCount: MOCK_USAGE.input, cachedContentTokenCount: MOCK_USAGE.cached, totalTokenCount: MOCK_USAGE.input };
  if (finished) Object.assign(usageMetadata, { candidatesTokenCount: MOCK_USAGE.output, totalTokenCount: MOCK_USAGE.input + MOCK_USAGE.output });
  const chunk: Json = { candidates: [candidate], usageMetadata, modelVersion: model, responseId: 'mockGeminiResponse1' };
  return format === 'vertex-gemini' ? { ...chunk, createTime: '2025-01-01T00:00:00.000000Z' } : chunk;
}

function geminiParts(plan: Plan): Json[] {
  return plan.kind === 'text' ? [{ text: plan.text }] : [{ functionCall: { name: plan.name, args: TOOL_ARGUMENTS } }];
}

function geminiStream(format: UpstreamFormat, plan: Plan, model: string): string[] {
  // Google frames its server-sent events with CRLF.
  const frame = (chunk: Json) => `data: ${JSON.stringify(chunk)}\r\n\r\n`;
  if (plan.kind === 'tool') return [frame(geminiChunk(format, geminiParts(plan), model, true))];
  const [first, second] = halves(plan.text);
  return [frame(geminiChunk(format, [{ text: first }], model, false)), frame(geminiChunk(format, [{ text: second }], model, true))];
}

// --- Bedrock Converse ---------------------------------------------------------------

const bedrockUsage = () => ({ inputTokens: MOCK_USAGE.input - MOCK_USAGE.cached, outputTokens: MOCK_USAGE.output, totalTokens: MOCK_USAGE.input + MOCK_USAGE.output, cacheReadInputTokens: MOCK_USAGE.cached, cacheWriteInputTokens: 0 });

function bedrockJson(plan: Plan): Json {
  const content = plan.kind === 'text' ? [{ text: plan.text }] : [{ toolUse: { toolUseId: plan.id, name: plan.name, input: TOOL_ARGUMENTS } }];
  return { output: { message: { role: 'assistant', content } }, stopReason: plan.kind === 'text' ? 'end_turn' : 'tool_use', usage: bedrockUsage(), metrics: { latencyMs: 12 } };
}


function bedrockStream(plan: Plan): Buffer[] {
  const event = (type: string, payload: Json) => encodeAwsEventStreamMessage({ ':event-type': type, ':content-type': 'application/json', ':message-type': 'event' }, JSON.stringify(payload));
  const frames = [event('messageStart', { role: 'assistant' })];
  if (plan.kind === 'text') for (const piece of halves(plan.text)) frames.push(event('contentBlockDelta', { contentBlockIndex: 0, delta: { text: piece } }));
  else {
    frames.push(event('contentBlockStart', { contentBlockIndex: 0, start: { toolUse: { toolUseId: plan.id, name: plan.name } } }));
    for (const piece of halves(ARGUMENTS_JSON)) frames.push(event('contentBlockDelta', { contentBlockIndex: 0, delta: { toolUse: { input: piece } } }));
  }
  frames.push(
    event('contentBlockStop', { contentBlockIndex: 0 }),
    event('messageStop', { stopReason: plan.kind === 'text' ? 'end_turn' : 'tool_use' }),
    event('metadata', { usage: bedrockUsage(), metrics: { latencyMs: 12 } }),
  );
  return frames;
}

/**
 * InvokeModelWithResponseStream for Claude: each Anthropic event base64-encoded in a `chunk`
 * message (with Bedrock's `p` padding); the last event carries Bedrock's invocation metrics.
 */
function bedrockClaudeStream(plan: Plan, model: string, throttled: boolean): Buffer[] {
  const chunk = (event: Json) =>
    encodeAwsEventStreamMessage({ ':event-type': 'chunk', ':content-type': 'application/json', ':message-type': 'event' }, JSON.stringify({ bytes: Buffer.from(JSON.stringify(event)).toString('base64'), p: 'abcdefghijkl' }));
  const events = anthropicEvents(plan, model);
  if (throttled) {
    const exception = encodeAwsEventStreamMessage({ ':exception-type': 'throttlingException', ':content-type': 'application/json', ':message-type': 'exception' }, JSON.stringify({ message: 'Too many tokens, please wait before trying again.' }));
    return [chunk(events[0]!), exception];
  }
  const metrics = { 'amazon-bedrock-invocationMetrics': { inputTokenCount: MOCK_USAGE.input, outputTokenCount: MOCK_USAGE.output, invocationLatency: 40, firstByteLatency: 12 } };
  return events.map((event) => chunk(event.type === 'message_stop' ? { ...event, ...metrics } : event));
}

// --- Cohere v2 ------------------------------------------------------------------------

const cohereUsage = () => ({ billed_units: { input_tokens: MOCK_USAGE.input, output_tokens: MOCK_USAGE.output }, tokens: { input_tokens: MOCK_USAGE.input + 500, output_tokens: MOCK_USAGE.output }, cached_tokens: MOCK_USAGE.cached });

function cohereJson(plan: Plan): Json {
  const message = plan.kind === 'text'
    ? { role: 'assistant', content: [{ type: 'text', text: plan.text }] }
    : { role: 'assistant', tool_plan: 'I will call the tool.', tool_calls: [{ id: plan.id, type: 'function', function: { name: plan.name, arguments: ARGUMENTS_JSON } }] };
  return { id: 'cohere-mock-1', finish_reason: plan.kind === 'text' ? 'COMPLETE' : 'TOOL_CALL', message, usage: cohereUsage() };
}

function cohereStream(plan: Plan): string[] {
  const event = (type: string, data: Json) => sse({ type, ...data }, type);
  const frames = [event('message-start', { id: 'cohere-mock-1', delta: { message: { role: 'assistant', content: [], tool_plan: '', tool_calls: [], citations: [] } } })];
  if (plan.kind === 'text') {
    frames.push(event('content-start', { index: 0, delta: { message: { content: { type: 'text', text: '' } } } }));
    for (const piece of halves(plan.text)) frames.push(event('content-delta', { index: 0, delta: { message: { content: { text: piece } } } }));
    frames.push(event('content-end', { index: 0 }));
  } else {
    frames.push(event('tool-plan-delta', { delta: { message: { tool_plan: 'I will call the tool.' } } }));
    frames.push(event('tool-call-start', { index: 0, delta: { message: { tool_calls: { id: plan.id, type: 'function', function: { name: plan.name, arguments: '' } } } } }));
    for (const piece of halves(ARGUMENTS_JSON)) frames.push(event('tool-call-delta', { index: 0, delta: { message: { tool_calls: { function: { arguments: piece } } } } }));
    frames.push(event('tool-call-end', { index: 0 }));
  }
  frames.push(event('message-end', { delta: { finish_reason: plan.kind === 'text' ? 'COMPLETE' : 'TOOL_CALL', usage: cohereUsage() } }));
  return frames;
}

// --- Errors, in each format's own shape -----------------------------------------------

interface ErrorAnswer {
  status: number;
  headers: Record<string, string>;
  body: Json;
}

const GOOGLE_RETRY = { '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '7s' };

function errorAnswer(format: UpstreamFormat | 'count-tokens', kind: 'rate-limited' | 'overloaded' | 'unauthorized' | 'invalid', message: string): ErrorAnswer {
  const status = { 'rate-limited': 429, overloaded: 503, unauthorized: 401, invalid: 400 }[kind];
  const retry: Record<string, string> = kind === 'rate-limited' ? { 'retry-after': '7' } : {};
  if (format === 'anthropic' || format === 'vertex-claude' || format === 'count-tokens') {
    const type = { 'rate-limited': 'rate_limit_error', overloaded: 'overloaded_error', unauthorized: 'authentication_error', invalid: 'invalid_request_error' }[kind];
    return { status: kind === 'overloaded' ? 529 : status, headers: retry, body: { type: 'error', error: { type, message }, request_id: 'req_mock' } };
  }
  if (format === 'gemini' || format === 'vertex-gemini') {
    const googleStatus = { 'rate-limited': 'RESOURCE_EXHAUSTED', overloaded: 'UNAVAILABLE', unauthorized: 'UNAUTHENTICATED', invalid: 'INVALID_ARGUMENT' }[kind];
    return { status, headers: {}, body: { error: { code: status, message, status: googleStatus, ...(kind === 'rate-limited' ? { details: [GOOGLE_RETRY] } : {}) } } };
  }
  if (format === 'bedrock' || format === 'bedrock-claude') {
    const type = { 'rate-limited': 'ThrottlingException', overloaded: 'ServiceUnavailableException', unauthorized: 'InvalidSignatureException', invalid: 'ValidationException' }[kind];
    return { status: kind === 'unauthorized' ? 403 : status, headers: { ...retry, 'x-amzn-errortype': `${type}:http://internal.amazon.com/coral/com.amazon.bedrock/` }, body: { message } };
  }
  if (format === 'cohere') return { status, headers: retry, body: { message } };
  if (format === 'mistral') return { status: kind === 'invalid' ? 422 : status, headers: retry, body: { object: 'error', message, type: kind, param: null, code: null } };
  return { status, headers: retry, body: { error: { message, type: kind === 'rate-limited' ? 'requests' : 'invalid_request_error', param: null, code: kind === 'rate-limited' ? 'rate_limit_exceeded' : null } } };
}

// --- Checks a real provider would make ------------------------------------------------

const GEMINI_FIELDS = new Set(['contents', 'systemInstruction', 'tools', 'toolConfig', 'generationConfig', 'safetySettings', 'cachedContent', 'labels']);
const BEDROCK_FIELDS = new Set(['messages', 'system', 'inferenceConfig', 'toolConfig', 'guardrailConfig', 'additionalModelRequestFields', 'additionalModelResponseFieldPaths', 'promptVariables', 'requestMetadata', 'performanceConfig', 'outputConfig', 'serviceTier']);
const MISTRAL_FIELDS = new Set(['model', 'messages', 'temperature', 'top_p', 'max_tokens', 'stream', 'stop', 'random_seed', 'metadata', 'response_format', 'tools', 'tool_choice', 'presence_penalty', 'frequency_penalty', 'n', 'prediction', 'parallel_tool_calls', 'reasoning_effort', 'prompt_mode', 'safe_prompt']);

function awsEncode(segment: string): string {
  return segment.replace(/[^A-Za-z0-9\-._~]/g, (character) => `%${character.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

/** Verifies AWS SigV4 (header form) as AWS would; a problem description, or undefined when valid. */
function checkSigV4(request: IncomingMessage, path: string, rawBody: string): string | undefined {
  const match = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]{64})$/.exec(String(request.headers.authorization ?? ''));
  if (!match) return 'missing or malformed SigV4 authorization header';
  const [, keyId, day, region, service, signedHeaders, signature] = match as unknown as string[];
  if (keyId !== MOCK_AWS.accessKeyId || region !== MOCK_AWS.region || service !== 'bedrock') return `wrong credential scope ${keyId}/${region}/${service}`;
  const payloadHash = createHash('sha256').update(rawBody).digest('hex');
  const sentHash = request.headers['x-amz-content-sha256'];
  if (sentHash !== undefined && sentHash !== payloadHash) return 'x-amz-content-sha256 does not match the body';
  const amzDate = String(request.headers['x-amz-date'] ?? '');
  if (!amzDate.startsWith(day!)) return 'x-amz-date does not match the credential scope';
  const canonicalHeaders = signedHeaders!.split(';').map((name) => `${name}:${String(request.headers[name] ?? '').trim().replace(/\s+/g, ' ')}\n`).join('');
  const canonicalUri = path.split('/').map(awsEncode).join('/');
  const canonicalRequest = [request.method, canonicalUri, '', canonicalHeaders, signedHeaders, payloadHash].join('\n');
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, `${day}/${region}/${service}/aws4_request`, createHash('sha256').update(canonicalRequest).digest('hex')].join('\n');
  let key: Buffer = createHmac('sha256', `AWS4${MOCK_AWS.secretAccessKey}`).update(day!).digest();
  for (const part of [region!, service!, 'aws4_request']) key = createHmac('sha256', key).update(part).digest();
  return createHmac('sha256', key).update(stringToSign).digest('hex') === signature ? undefined : 'signature does not match';
}

/** A reason the request would be refused by the real provider, as its own error; undefined when acceptable. */
function checkRequest(entry: FormatRequest, request: IncomingMessage, rawBody: string, tokens: string[]): ErrorAnswer | undefined {
  const { format, headers, body } = entry;
  if (format === 'token') return undefined;
  const bearer = (key: string) => headers.authorization === `Bearer ${key}`;
  const unauthorized = (reason: string) => errorAnswer(format, 'unauthorized', reason);
  const invalid = (reason: string) => errorAnswer(format, 'invalid', reason);
  if (format === 'openai' && !bearer(MOCK_KEYS.openai)) return unauthorized('Incorrect API key provided');
  if (format === 'mistral' && !bearer(MOCK_KEYS.mistral)) return unauthorized('Unauthorized');
  if (format === 'cohere' && !bearer(MOCK_KEYS.cohere)) return unauthorized('invalid api token');
  if ((format === 'anthropic' || format === 'count-tokens') && (headers['x-api-key'] !== MOCK_KEYS.anthropic || !headers['anthropic-version'])) return unauthorized('invalid x-api-key');
  if (format === 'gemini' && headers['x-goog-api-key'] !== MOCK_KEYS.gemini) return unauthorized('API key not valid');
  if ((format === 'vertex-gemini' || format === 'vertex-claude') && !tokens.some((token) => bearer(token))) return unauthorized('Request had invalid authentication credentials.');
  if (format === 'bedrock' || format === 'bedrock-claude') {
    const problem = checkSigV4(request, entry.path, rawBody);
    if (problem) return unauthorized(problem);
  }
  if (format === 'anthropic' || format === 'vertex-claude' || format === 'bedrock-claude') {
    if (!Number.isInteger(body.max_tokens)) return invalid('max_tokens: Field required');
    if (list(body.messages).some((message) => isRecord(message) && message.role === 'system')) return invalid('messages: Unexpected role "system"');
  }
  if (format === 'vertex-claude' && (body.model !== undefined || body.anthropic_version !== 'vertex-2023-10-16')) return invalid('anthropic_version: vertex-2023-10-16 required, model not allowed');
  if (format === 'bedrock-claude') {
    if (body.model !== undefined || body.stream !== undefined || body.anthropic_version !== 'bedrock-2023-05-31') return invalid('anthropic_version: bedrock-2023-05-31 required, model and stream not allowed');
    if (body.anthropic_beta !== undefined && !(Array.isArray(body.anthropic_beta) && body.anthropic_beta.every((name) => typeof name === 'string'))) return invalid('anthropic_beta: a list of strings');
  }
  const allowed = format === 'gemini' || format === 'vertex-gemini' ? GEMINI_FIELDS : format === 'bedrock' ? BEDROCK_FIELDS : format === 'mistral' ? MISTRAL_FIELDS : undefined;
  const unknown = allowed && Object.keys(body).find((field) => !allowed.has(field));
  if (unknown) return invalid(`Invalid JSON payload received. Unknown name "${unknown}"`);
  if (format === 'mistral') {
    const ids = list(body.messages).flatMap((message) => (isRecord(message) ? [...list(message.tool_calls).map((call) => (isRecord(call) ? call.id : undefined)), message.tool_call_id] : []));
    const bad = ids.find((id) => id !== undefined && !/^[a-zA-Z0-9]{9}$/.test(String(id)));
    if (bad !== undefined) return invalid(`Tool call id was ${String(bad)} but must be a-z, A-Z, 0-9, with a length of 9.`);
  }
  return undefined;
}

// --- The Google OAuth token endpoint --------------------------------------------------

function answerToken(body: Json, publicKeyPem: string, tokenUri: string, email: string, tokens: string[]): ErrorAnswer {
  const refuse = (description: string): ErrorAnswer => ({ status: 400, headers: {}, body: { error: 'invalid_grant', error_description: description } });
  if (body.grant_type !== 'urn:ietf:params:oauth:grant-type:jwt-bearer') return refuse('grant_type');
  const [header, claims, signature] = String(body.assertion ?? '').split('.');
  if (!header || !claims || !signature) return refuse('assertion is not a JWT');
  if (!verifySignature('sha256', Buffer.from(`${header}.${claims}`), publicKeyPem, Buffer.from(signature, 'base64url'))) return refuse('Invalid JWT Signature.');
  const payload = JSON.parse(Buffer.from(claims, 'base64url').toString('utf8')) as Json;
  if (payload.aud !== tokenUri || payload.iss !== email || !String(payload.scope).includes('cloud-platform')) return refuse('Invalid JWT claims');
  const token = `ya29.mock-token-${tokens.length + 1}`;
  tokens.push(token);
  return { status: 200, headers: {}, body: { access_token: token, expires_in: 3599, token_type: 'Bearer' } };
}

// --- Routing ----------------------------------------------------------------------------

function route(path: string, body: Json): Pick<FormatRequest, 'format' | 'model' | 'stream'> | undefined {
  const model = typeof body.model === 'string' ? body.model : '';
  const stream = body.stream === true;
  if (path === '/token') return { format: 'token', model: '', stream: false };
  if (path === '/v1/chat/completions') return { format: 'openai', model, stream };
  if (path === '/mistral/v1/chat/completions') return { format: 'mistral', model, stream };
  if (path === '/v1/messages') return { format: 'anthropic', model, stream };
  if (path === '/v1/messages/count_tokens') return { format: 'count-tokens', model, stream: false };
  if (path === '/v2/chat') return { format: 'cohere', model, stream };
  const gemini = /^\/v1beta\/models\/([^/:]+):(generateContent|streamGenerateContent)$/.exec(path);
  if (gemini) return { format: 'gemini', model: decodeURIComponent(gemini[1]!), stream: gemini[2] === 'streamGenerateContent' };
  const vertex = /^\/v1\/projects\/[^/]+\/locations\/[^/]+\/publishers\/(google|anthropic)\/models\/([^/:]+):(\w+)$/.exec(path);
  if (vertex) {
    const format = vertex[1] === 'google' ? 'vertex-gemini' : 'vertex-claude';
    return { format, model: decodeURIComponent(vertex[2]!), stream: vertex[3] === 'streamGenerateContent' || vertex[3] === 'streamRawPredict' };
  }
  const bedrock = /^\/model\/([^/]+)\/(converse|converse-stream|invoke|invoke-with-response-stream)$/.exec(path);
  if (bedrock) {
    const invoke = bedrock[2]!.startsWith('invoke');
    return { format: invoke ? 'bedrock-claude' : 'bedrock', model: decodeURIComponent(bedrock[1]!), stream: bedrock[2]!.includes('stream') };
  }
  return undefined;
}

function sendJson(response: ServerResponse, answer: ErrorAnswer): void {
  response.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
  response.end(JSON.stringify(answer.body));
}

function answer(format: UpstreamFormat, entry: FormatRequest, response: ServerResponse): void {
  if (entry.model.includes('fail-429')) return sendJson(response, errorAnswer(format, 'rate-limited', 'Rate limit reached for requests'));
  if (entry.model.includes('overloaded')) return sendJson(response, errorAnswer(format, 'overloaded', 'The model is overloaded. Please try again later.'));
  const plan = planAnswer(format, entry.body);
  const model = entry.model || undefined;
  if (!entry.stream) {
    const bodies: Record<UpstreamFormat, () => Json> = {
      openai: () => openaiJson(format, plan, entry.model),
      mistral: () => openaiJson(format, plan, entry.model),
      anthropic: () => anthropicJson(plan, model),
      'vertex-claude': () => anthropicJson(plan, model),
      'bedrock-claude': () => anthropicJson(plan, model),
      gemini: () => geminiChunk(format, geminiParts(plan), entry.model, true),
      'vertex-gemini': () => geminiChunk(format, geminiParts(plan), entry.model, true),
      bedrock: () => bedrockJson(plan),
      cohere: () => cohereJson(plan),
    };
    return sendJson(response, { status: 200, headers: {}, body: bodies[format]() });
  }
  const frames: Array<string | Buffer> =
    format === 'openai' || format === 'mistral' ? openaiStream(format, plan, entry.model, entry.body)
    : format === 'anthropic' || format === 'vertex-claude' ? anthropicStream(plan, model)
    : format === 'gemini' || format === 'vertex-gemini' ? geminiStream(format, plan, entry.model)
    : format === 'bedrock' ? bedrockStream(plan)
    : format === 'bedrock-claude' ? bedrockClaudeStream(plan, entry.model, entry.model.includes('stream-throttled'))
    : cohereStream(plan);
  const eventStream = format === 'bedrock' || format === 'bedrock-claude';
  response.writeHead(200, { 'content-type': eventStream ? 'application/vnd.amazon.eventstream' : 'text/event-stream' });
  for (const frame of frames) response.write(frame);
  response.end();
}

function parseBody(text: string, contentType: string | undefined): Json {
  if (contentType?.includes('x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(text));
  try {
    const parsed: unknown = JSON.parse(text || '{}');
    return isRecord(parsed) ? parsed : { _value: parsed };
  } catch {
    return { _unparsed: text };
  }
}

export async function startFormatUpstream(): Promise<FormatUpstream> {
  const received: FormatRequest[] = [];
  const issuedTokens: string[] = [];
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
  const email = 'switchyard-test@mock-project.iam.gserviceaccount.com';
  let tokenUri = '';
  const server: Server = createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const part of request) chunks.push(part as Buffer);
    const rawBody = Buffer.concat(chunks).toString('utf8');
    const [path = '', query = ''] = (request.url ?? '').split('?');
    const body = parseBody(rawBody, request.headers['content-type']);
    const routed = route(path, body);
    if (!routed || request.method !== 'POST') {
      response.writeHead(404, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ error: { message: `mock: no route for ${request.method} ${path}` } }));
      return;
    }
    const entry: FormatRequest = { ...routed, method: request.method, path, query, headers: request.headers, body };
    received.push(entry);
    const refused = checkRequest(entry, request, rawBody, issuedTokens);
    if (refused) return sendJson(response, refused);
    if (entry.format === 'token') return sendJson(response, answerToken(body, publicKey, tokenUri, email, issuedTokens));
    if (entry.format === 'count-tokens') return sendJson(response, { status: 200, headers: {}, body: { input_tokens: 42 } });
    answer(entry.format, entry, response);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  tokenUri = `${url}/token`;
  const serviceAccountJson = JSON.stringify({ type: 'service_account', project_id: 'mock-project', private_key_id: 'mock-key-1', private_key: privateKey, client_email: email, token_uri: tokenUri });
  return {
    url,
    received,
    issuedTokens,
    serviceAccountJson,
    last: (format) => received.filter((entry) => entry.format === format).at(-1),
    async close() {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}

/** Deployments of every format, each with prices so costs are exact: $1 per M input, $2 per M output. */
export const FORMAT_MODELS: Record<UpstreamFormat, { provider: string; deployment: string }> = {
  openai: { provider: 'oai', deployment: 'gpt-4o-mini' },
  mistral: { provider: 'mis', deployment: 'mistral-large-latest' },
  anthropic: { provider: 'anth', deployment: 'claude-sonnet-4-20250514' },
  'vertex-claude': { provider: 'vtx', deployment: 'claude-sonnet-4@20250514' },
  gemini: { provider: 'gem', deployment: 'gemini-2.5-flash' },
  'vertex-gemini': { provider: 'vtx', deployment: 'gemini-2.5-flash' },
  bedrock: { provider: 'bed', deployment: 'anthropic.claude-3-5-sonnet-20240620-v1:0' },
  'bedrock-claude': { provider: 'bed', deployment: 'us.anthropic.claude-sonnet-4-20250514-v1:0' },
  cohere: { provider: 'coh', deployment: 'command-a-03-2025' },
};

/** A gateway config with one connection per format on the mock; model names are the format names. */
export function formatGatewayConfig(upstream: FormatUpstream): string {
  const base = upstream.url;
  // Single-quoted YAML keeps the JSON's backslash escapes (the PEM's \n) for JSON.parse.
  const credentials = upstream.serviceAccountJson.replace(/'/g, "''");
  const models = Object.entries(FORMAT_MODELS)
    .map(([name, target]) => `  ${name}: { targets: [{ provider: ${target.provider}, model: "${target.deployment}", input_cost_per_mtok: 1, output_cost_per_mtok: 2 }] }`)
    .join('\n');
  return `
auth: { master_key: ${MASTER_KEY} }
storage: { database: "sqlite:./data/switchyard.db" }
request_log: { flush_interval_ms: 20 }
providers:
  oai: { type: openai, base_url: "${base}/v1", api_key: ${MOCK_KEYS.openai} }
  mis: { type: mistral, base_url: "${base}/mistral/v1", api_key: ${MOCK_KEYS.mistral} }
  anth: { type: anthropic, base_url: "${base}/v1", api_key: ${MOCK_KEYS.anthropic} }
  gem: { type: gemini, base_url: "${base}/v1beta", api_key: ${MOCK_KEYS.gemini} }
  vtx: { type: vertex, project: mock-project, location: us-east5, base_url: "${base}/v1", credentials_json: '${credentials}' }
  bed: { type: bedrock, region: ${MOCK_AWS.region}, access_key_id: ${MOCK_AWS.accessKeyId}, secret_access_key: "${MOCK_AWS.secretAccessKey}", base_url: "${base}" }
  coh: { type: cohere, base_url: "${base}/v2", api_key: ${MOCK_KEYS.cohere} }
models:
${models}
  gemini-strict: { strict: true, targets: [{ provider: gem, model: "gemini-2.5-flash" }] }
`;
}

/** The request log row of one request, read with the master key (the admin API flushes the queue first). */
export async function readLogRow(gatewayUrl: string, requestId: string): Promise<Record<string, unknown>> {
  // A stream's row is written once the gateway has finished it, which can trail the client by a moment.
  for (let attempt = 0; ; attempt += 1) {
    const response = await fetch(`${gatewayUrl}/admin/logs/${requestId}`, { headers: { authorization: `Bearer ${MASTER_KEY}` } });
    if (response.status === 200 || attempt >= 20) {
      if (response.status !== 200) throw new Error(`no log row for ${requestId}: HTTP ${response.status}`);
      return (await response.json()) as Record<string, unknown>;
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
