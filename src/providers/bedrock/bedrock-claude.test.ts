import { describe, expect, it } from 'vitest';
import { parseConfigText } from '../../config/index.js';
import type { ChatStreamEvent } from '../../core/chat-stream-event.js';
import type { UpstreamFrame } from '../../core/upstream-frame.js';
import { AwsEventStreamParser } from '../../upstream/aws-event-stream-parser.js';
import { SseFrameParser } from '../../upstream/sse-frame-parser.js';
import { bedrockClaudeDialect, bedrockClaudePassthrough, isBedrockClaudeModel } from './bedrock-claude.js';
import { createBedrockAdapter } from './index.js';
import { encodeAwsEventStreamMessage } from '../../upstream/encode-aws-event-stream-message.js';

const connection = parseConfigText('providers: { aws: { type: bedrock, region: us-west-2, access_key_id: AKIDEXAMPLE, secret_access_key: s3cr3t } }', {
  source: 't',
  env: {},
  version: 1,
  now: 0,
}).providers.get('aws')!;

const HOST = 'https://bedrock-runtime.us-west-2.amazonaws.com';
const MODEL = 'us.anthropic.claude-sonnet-4-20250514-v1:0';


const chunkOf = (json: string) =>
  encodeAwsEventStreamMessage({ ':event-type': 'chunk', ':content-type': 'application/json', ':message-type': 'event' }, JSON.stringify({ bytes: Buffer.from(json).toString('base64'), p: 'abcdefghij' }));
const exceptionOf = (type: string, message: string) =>
  encodeAwsEventStreamMessage({ ':exception-type': type, ':content-type': 'application/json', ':message-type': 'exception' }, JSON.stringify({ message }));

const EVENTS = [
  { type: 'message_start', message: { id: 'msg_bdrk_01', type: 'message', role: 'assistant', model: 'claude-sonnet-4-20250514', content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: 20, cache_read_input_tokens: 10, cache_creation_input_tokens: 0, output_tokens: 1 } } },
  { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } },
  { type: 'ping' },
  { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Héllo 🚀' } },
  { type: 'content_block_stop', index: 0 },
  { type: 'message_delta', delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: 5 } },
  { type: 'message_stop', 'amazon-bedrock-invocationMetrics': { inputTokenCount: 30, outputTokenCount: 5, invocationLatency: 321, firstByteLatency: 123 } },
];

/** The stream's bytes split at odd places, framed by the real event-stream parser. */
function framesOf(bytes: Buffer): UpstreamFrame[] {
  const parser = new AwsEventStreamParser();
  const frames: UpstreamFrame[] = [];
  for (let offset = 0; offset < bytes.length; offset += 37) frames.push(...parser.push(bytes.subarray(offset, offset + 37)));
  return [...frames, ...parser.end()];
}

function decodeAll(frames: readonly UpstreamFrame[]): ChatStreamEvent[] {
  const decoder = bedrockClaudeDialect.createStreamDecoder();
  return [...frames.flatMap((frame) => decoder.push(frame)), ...decoder.end()];
}

describe('Claude on Bedrock through InvokeModel', () => {
  it('calls /invoke and /invoke-with-response-stream for the Anthropic dialect, Converse otherwise, with ARNs escaped', () => {
    const adapter = createBedrockAdapter({});
    expect(adapter.endpoint!(connection, 'chat', MODEL, false, 'anthropic-messages')).toEqual({
      url: `${HOST}/model/us.anthropic.claude-sonnet-4-20250514-v1%3A0/invoke`,
      headers: { accept: 'application/json' },
    });
    expect(adapter.endpoint!(connection, 'chat', MODEL, true, 'anthropic-messages')).toEqual({
      url: `${HOST}/model/us.anthropic.claude-sonnet-4-20250514-v1%3A0/invoke-with-response-stream`,
      headers: { accept: 'application/vnd.amazon.eventstream' },
    });
    const arn = 'arn:aws:bedrock:us-west-2:123456789012:inference-profile/us.anthropic.claude-3-7-sonnet-20250219-v1:0';
    expect(adapter.endpoint!(connection, 'chat', arn, true, 'anthropic-messages')?.url).toBe(
      `${HOST}/model/arn%3Aaws%3Abedrock%3Aus-west-2%3A123456789012%3Ainference-profile%2Fus.anthropic.claude-3-7-sonnet-20250219-v1%3A0/invoke-with-response-stream`,
    );
    expect(adapter.endpoint!(connection, 'chat', MODEL, true, 'bedrock-converse')?.url).toBe(`${HOST}/model/us.anthropic.claude-sonnet-4-20250514-v1%3A0/converse-stream`);
    expect(adapter.endpoint!(connection, 'chat', MODEL, false)?.url).toBe(`${HOST}/model/us.anthropic.claude-sonnet-4-20250514-v1%3A0/converse`);
    expect(adapter.endpoint!(connection, 'count-tokens', MODEL, false, 'anthropic-messages')).toBeUndefined();
  });

  it('speaks Anthropic Messages only to Anthropic callers asking for a Claude model', () => {
    const adapter = createBedrockAdapter({});
    const chosen = adapter.dialectFor!(MODEL, 'anthropic-messages');
    expect(chosen).toBe(bedrockClaudeDialect);
    expect(chosen).toMatchObject({ id: 'anthropic-messages', streamFraming: 'aws-event-stream' });
    expect(adapter.passthrough?.chat).toBe(bedrockClaudePassthrough);
    expect(adapter.dialectFor!(MODEL, 'openai-chat')).toBeUndefined();
    expect(adapter.dialectFor!(MODEL, 'openai-responses')).toBeUndefined();
    expect(adapter.dialectFor!(MODEL)).toBeUndefined();
    expect(adapter.dialectFor!('meta.llama3-3-70b-instruct-v1:0', 'anthropic-messages')).toBeUndefined();
    expect(adapter.dialect?.id).toBe('bedrock-converse');
  });

  it('recognizes Claude model ids, inference profiles and ARNs naming them', () => {
    for (const model of [
      'anthropic.claude-3-5-sonnet-20240620-v1:0',
      'us.anthropic.claude-sonnet-4-20250514-v1:0',
      'global.anthropic.claude-sonnet-4-5-20250929-v1:0',
      'arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0',
      'arn:aws:bedrock:eu-west-1:123456789012:inference-profile/eu.anthropic.claude-3-7-sonnet-20250219-v1:0',
    ]) {
      expect(isBedrockClaudeModel(model), model).toBe(true);
    }
    for (const model of ['meta.llama3-70b-instruct-v1:0', 'amazon.nova-pro-v1:0', 'arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/a1b2c3', 'claude-sonnet-4', 'notanthropic.claude-x']) {
      expect(isBedrockClaudeModel(model), model).toBe(false);
    }
  });

  it('forwards the caller body with only the envelope changed, the beta header moved into anthropic_beta', () => {
    const body = { model: 'alias', stream: true, max_tokens: 10, messages: [{ role: 'user', content: 'hi' }], top_k: 3, thinking: { type: 'enabled', budget_tokens: 1024 }, future_field: { x: 1 } };
    const forwarded = bedrockClaudePassthrough.prepareBody(body, { model: MODEL, requestStreamUsage: true, callerHeaders: { 'anthropic-beta': 'context-1m-2025-08-07, interleaved-thinking-2025-05-14,context-1m-2025-08-07' } });
    expect(forwarded).toEqual({
      max_tokens: 10,
      messages: [{ role: 'user', content: 'hi' }],
      top_k: 3,
      thinking: { type: 'enabled', budget_tokens: 1024 },
      future_field: { x: 1 },
      anthropic_version: 'bedrock-2023-05-31',
      anthropic_beta: ['context-1m-2025-08-07', 'interleaved-thinking-2025-05-14'],
    });
    expect(body).toHaveProperty('model', 'alias');
    expect(bedrockClaudePassthrough.prepareBody({ max_tokens: 5, messages: [] }, { model: MODEL, requestStreamUsage: false })).toEqual({ max_tokens: 5, messages: [], anthropic_version: 'bedrock-2023-05-31' });
    const merged = bedrockClaudePassthrough.prepareBody({ max_tokens: 5, messages: [], anthropic_beta: ['a'] }, { model: MODEL, requestStreamUsage: false, callerHeaders: { 'anthropic-beta': 'a,b' } });
    expect(merged.anthropic_beta).toEqual(['a', 'b']);
    expect(bedrockClaudePassthrough.bodyHeaders).toEqual(['anthropic-beta']);
    expect(bedrockClaudePassthrough.forwardHeaders).toBeUndefined();
  });

  it('reframes each chunk as the Anthropic server-sent event it carries, byte for byte, and taps usage off it', () => {
    const frames = framesOf(Buffer.concat(EVENTS.map((event) => chunkOf(JSON.stringify(event)))));
    const reframed = frames.map((frame) => bedrockClaudePassthrough.reframe!(frame)!);
    expect(reframed.map((frame) => frame.event)).toEqual(EVENTS.map((event) => event.type));
    expect(reframed[3]!.raw).toBe(`event: content_block_delta\ndata: ${JSON.stringify(EVENTS[3])}\n\n`);

    const sse = new SseFrameParser();
    const reparsed = [...sse.push(reframed.map((frame) => frame.raw).join('')), ...sse.end()];
    expect(reparsed.map((frame) => [frame.event, JSON.parse(frame.data)])).toEqual(EVENTS.map((event) => [event.type, event]));

    const tap = bedrockClaudePassthrough.createStreamTap!({ dropUsageOnlyFrames: true });
    const verdicts = reframed.map((frame) => tap.push(frame));
    expect(verdicts.every((verdict) => verdict.forward)).toBe(true);
    expect(verdicts.at(5)?.usage).toEqual({ inputTokens: 30, cachedInputTokens: 10, cacheWriteInputTokens: 0, outputTokens: 5 });
  });

  it('splits an event whose JSON spans lines into SSE data lines, and skips unknown event types', () => {
    const [frame] = framesOf(chunkOf('{\n  "type": "ping"\n}'));
    const reframed = bedrockClaudePassthrough.reframe!(frame!)!;
    expect(reframed.raw).toBe('event: ping\ndata: {\ndata:   "type": "ping"\ndata: }\n\n');
    const [other] = framesOf(encodeAwsEventStreamMessage({ ':event-type': 'initial-response', ':message-type': 'event' }, '{}'));
    expect(bedrockClaudePassthrough.reframe!(other!)).toBeUndefined();
  });

  it('turns an in-stream exception or a malformed chunk into an Anthropic error event the tap records', () => {
    const frames = framesOf(Buffer.concat([chunkOf(JSON.stringify(EVENTS[0])), exceptionOf('throttlingException', 'Too many tokens, please wait before trying again.')]));
    const error = bedrockClaudePassthrough.reframe!(frames[1]!)!;
    expect(error.event).toBe('error');
    expect(error.raw).toBe(`event: error\ndata: ${error.data}\n\n`);
    expect(JSON.parse(error.data)).toEqual({ type: 'error', error: { type: 'rate_limit_error', message: 'bedrock stream: throttlingException: Too many tokens, please wait before trying again.' } });
    expect(bedrockClaudePassthrough.createStreamTap!({ dropUsageOnlyFrames: false }).push(error).errorMessage).toMatch(/Too many tokens/);

    const [unavailable] = framesOf(exceptionOf('serviceUnavailableException', 'busy'));
    expect(JSON.parse(bedrockClaudePassthrough.reframe!(unavailable!)!.data)).toMatchObject({ error: { type: 'overloaded_error' } });
    const [broken] = framesOf(encodeAwsEventStreamMessage({ ':event-type': 'chunk', ':message-type': 'event' }, '{"nobytes":true}'));
    expect(JSON.parse(bedrockClaudePassthrough.reframe!(broken!)!.data)).toMatchObject({ type: 'error', error: { type: 'api_error', message: expect.stringContaining('without base64 bytes') } });
    const [notAnEvent] = framesOf(chunkOf('[1,2]'));
    expect(bedrockClaudePassthrough.reframe!(notAnEvent!)!.event).toBe('error');
  });

  it('reads usage off a complete InvokeModel answer (the Anthropic message)', () => {
    const answer = JSON.stringify({ id: 'msg_bdrk_1', type: 'message', role: 'assistant', content: [{ type: 'text', text: 'hi' }], stop_reason: 'end_turn', usage: { input_tokens: 12, output_tokens: 3 } });
    expect(bedrockClaudePassthrough.readUsage(answer)).toEqual({ inputTokens: 12, outputTokens: 3 });
    expect(bedrockClaudePassthrough.readUsage('{"id":"x"}')).toBeUndefined();
  });

  it('translates in the same envelope and decodes the event stream through Anthropic decoding', () => {
    const encoded = bedrockClaudeDialect.encodeRequest(
      { model: MODEL, messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }], sampling: { maxOutputTokens: 50 }, stream: true },
      { model: MODEL },
    );
    expect(encoded.body).not.toHaveProperty('model');
    expect(encoded.body).not.toHaveProperty('stream');
    expect(encoded.body).toMatchObject({ anthropic_version: 'bedrock-2023-05-31', max_tokens: 50, messages: [{ role: 'user' }] });

    const events = decodeAll(framesOf(Buffer.concat(EVENTS.map((event) => chunkOf(JSON.stringify(event))))));
    expect(events.filter((event) => event.type === 'text-delta').map((event) => (event.type === 'text-delta' ? event.delta : ''))).toEqual(['Héllo 🚀']);
    expect(events).toContainEqual({ type: 'usage', usage: { inputTokens: 30, cachedInputTokens: 10, cacheWriteInputTokens: 0, outputTokens: 5 } });
    expect(events).toContainEqual(expect.objectContaining({ type: 'choice-end', finishReason: expect.objectContaining({ unified: 'stop' }) }));
    expect(events.at(-1)?.type).toBe('response-end');
  });

  it('ends a translated stream at an exception with one mapped error, and maps HTTP errors as Bedrock writes them', () => {
    const events = decodeAll(framesOf(Buffer.concat([chunkOf(JSON.stringify(EVENTS[0])), exceptionOf('modelStreamErrorException', 'stream broke'), chunkOf(JSON.stringify(EVENTS[1]))])));
    const errors = events.filter((event) => event.type === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ error: { code: 'GW_UPSTREAM_ERROR', retryable: true, message: expect.stringContaining('stream broke') } });
    expect(events.at(-1)?.type).toBe('error');

    const error = bedrockClaudeDialect.decodeError({
      provider: 'aws',
      status: 429,
      headers: { 'x-amzn-errortype': 'ThrottlingException:http://internal.amazon.com/coral/com.amazon.bedrock/' },
      body: '{"message":"Too many requests"}',
      now: 0,
    });
    expect(error).toMatchObject({ code: 'GW_RATE_LIMITED', retryable: true, message: 'aws: Too many requests' });
  });
});
