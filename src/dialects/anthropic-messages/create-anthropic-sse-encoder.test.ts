import { readFileSync } from 'node:fs';
import { Anthropic } from '@anthropic-ai/sdk';
import { describe, expect, it } from 'vitest';
import type { ChatStreamEvent } from '../../core/chat-stream-event.js';
import { GatewayError } from '../../core/errors.js';
import { SseFrameParser } from '../../upstream/index.js';
import { createAnthropicSseEncoder } from './create-anthropic-sse-encoder.js';
import { redactedThinkingSignature } from './redacted-thinking-signature.js';

/** A content block rebuilt from the stream, as a client would hold it. */
type RebuiltBlock =
  | { type: 'text'; text: string }
  | { type: 'thinking'; thinking: string; signature: string }
  | { type: 'redacted_thinking'; data: string }
  | { type: 'tool_use'; id: string; name: string; input: unknown };

interface RebuiltMessage {
  id: string;
  model: string;
  content: RebuiltBlock[];
  stopReason: string | undefined;
  startUsage: Record<string, unknown>;
  deltaUsage: Record<string, unknown> | undefined;
  error: { type: string; message: string } | undefined;
}

const DELTA_FOR_BLOCK: Record<string, readonly string[]> = {
  text: ['text_delta'],
  thinking: ['thinking_delta', 'signature_delta'],
  redacted_thinking: [],
  tool_use: ['input_json_delta'],
};

type Data = Record<string, unknown> & { type: string };

/**
 * Parses SSE text with the gateway's own framer and checks Anthropic's event grammar
 * (https://docs.anthropic.com/en/docs/build-with-claude/streaming): `event:` equals the
 * data's `type`; `message_start` first; blocks opened one at a time with indexes 0, 1,
 * 2...; deltas only for the open block and of its kind; every start matched by a stop;
 * `message_delta` after the last stop, `message_stop` last; an `error` event ends it.
 * Returns the message the events describe.
 */
function checkAnthropicSse(sse: string): RebuiltMessage {
  const parser = new SseFrameParser();
  const frames = [...parser.push(sse), ...parser.end()];
  const rebuilt: RebuiltMessage = { id: '', model: '', content: [], stopReason: undefined, startUsage: {}, deltaUsage: undefined, error: undefined };
  const json: string[] = [];
  let open: number | undefined;
  let stage: 'before' | 'blocks' | 'delta' | 'stopped' | 'failed' = 'before';
  for (const [position, frame] of frames.entries()) {
    const data = JSON.parse(frame.data) as Data;
    const where = `frame ${position} (${frame.event ?? '?'})`;
    expect(frame.event, where).toBe(data.type);
    expect(['stopped', 'failed'], `${where} after the end`).not.toContain(stage);
    if (data.type === 'error') {
      rebuilt.error = data.error as RebuiltMessage['error'];
      stage = 'failed';
      continue;
    }
    if (data.type === 'message_start') {
      expect(stage, where).toBe('before');
      const message = data.message as Record<string, unknown>;
      expect(message).toMatchObject({ type: 'message', role: 'assistant', content: [], stop_reason: null, stop_sequence: null });
      rebuilt.id = message.id as string;
      rebuilt.model = message.model as string;
      rebuilt.startUsage = message.usage as Record<string, unknown>;
      stage = 'blocks';
      continue;
    }
    expect(stage, `${where}: message_start first`).not.toBe('before');
    switch (data.type) {
      case 'content_block_start': {
        expect(stage, where).toBe('blocks');
        expect(open, `${where}: a block is still open`).toBeUndefined();
        expect(data.index, `${where}: indexes count from 0`).toBe(rebuilt.content.length);
        open = data.index as number;
        rebuilt.content.push({ ...(data.content_block as RebuiltBlock) });
        json[open] = '';
        break;
      }
      case 'content_block_delta': {
        expect(data.index, `${where}: delta for the open block`).toBe(open);
        const block = rebuilt.content[open ?? -1] as RebuiltBlock;
        const delta = data.delta as Data;
        expect(DELTA_FOR_BLOCK[block.type], `${where}: ${delta.type} in a ${block.type} block`).toContain(delta.type);
        if (block.type === 'text') block.text += delta.text as string;
        if (block.type === 'thinking' && delta.type === 'thinking_delta') block.thinking += delta.thinking as string;
        if (block.type === 'thinking' && delta.type === 'signature_delta') block.signature = delta.signature as string;
        if (block.type === 'tool_use') json[open ?? -1] += delta.partial_json as string;
        break;
      }
      case 'content_block_stop': {
        expect(data.index, `${where}: stop for the open block`).toBe(open);
        const block = rebuilt.content[open ?? -1];
        if (block?.type === 'tool_use' && json[open ?? -1] !== '') block.input = JSON.parse(json[open ?? -1] ?? '');
        open = undefined;
        break;
      }
      case 'message_delta':
        expect(stage, where).toBe('blocks');
        expect(open, `${where}: every block is closed first`).toBeUndefined();
        rebuilt.stopReason = (data.delta as Record<string, unknown>).stop_reason as string;
        rebuilt.deltaUsage = data.usage as Record<string, unknown>;
        stage = 'delta';
        break;
      case 'message_stop':
        expect(stage, where).toBe('delta');
        stage = 'stopped';
        break;
      default:
        throw new Error(`${where}: unknown event type ${data.type}`);
    }
  }
  expect(['stopped', 'failed'], 'the stream ends with message_stop or error').toContain(stage);
  return rebuilt;
}

function encodeAll(events: readonly ChatStreamEvent[], finish = true): string {
  const encoder = createAnthropicSseEncoder({ model: 'smart', includeUsage: false });
  return events.map((event) => encoder.encode(event)).join('') + (finish ? encoder.end() : '');
}

/** What `@anthropic-ai/sdk`'s stream accumulation makes of the text, fed through its own fetch. */
async function accumulateWithSdk(sse: string): Promise<Anthropic.Message> {
  const client = new Anthropic({
    apiKey: 'test-key',
    maxRetries: 0,
    fetch: async () => new Response(sse, { status: 200, headers: { 'content-type': 'text/event-stream' } }),
  });
  return client.messages.stream({ model: 'smart', max_tokens: 100, messages: [{ role: 'user', content: 'hi' }] }).finalMessage();
}

const fixture = (name: string) => readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');

const START: ChatStreamEvent = { type: 'response-start', id: 'chatcmpl-9', model: 'gpt-4o', createdAt: 1700000000 };
const text = (delta: string, index = 0): ChatStreamEvent => ({ type: 'text-delta', index, delta });
const reasoning = (delta: string, signature?: string): ChatStreamEvent =>
  signature === undefined ? { type: 'reasoning-delta', index: 0, delta } : { type: 'reasoning-delta', index: 0, delta, signature };
const toolStart = (toolIndex: number, toolCallId: string, toolName: string): ChatStreamEvent => ({ type: 'tool-call-start', index: 0, toolIndex, toolCallId, toolName });
const toolDelta = (toolIndex: number, argumentsDelta: string): ChatStreamEvent => ({ type: 'tool-call-delta', index: 0, toolIndex, argumentsDelta });
const toolEnd = (toolIndex: number): ChatStreamEvent => ({ type: 'tool-call-end', index: 0, toolIndex });
const choiceEnd = (unified: 'stop' | 'length' | 'tool-calls' | 'other', raw?: string): ChatStreamEvent => ({
  type: 'choice-end',
  index: 0,
  finishReason: raw === undefined ? { unified } : { unified, raw },
});
const usage = (counts: Record<string, number>): ChatStreamEvent => ({ type: 'usage', usage: counts });
const END: ChatStreamEvent = { type: 'response-end' };

describe('createAnthropicSseEncoder', () => {
  it('streams text exactly as Anthropic does', async () => {
    const sse = encodeAll([START, text('Hel'), text('lo'), choiceEnd('stop'), usage({ inputTokens: 12, outputTokens: 2 }), END]);
    expect(sse).toBe(fixture('surface-text.sse'));
    const rebuilt = checkAnthropicSse(sse);
    expect(rebuilt).toMatchObject({ id: 'msg_chatcmpl-9', model: 'smart', content: [{ type: 'text', text: 'Hello' }], stopReason: 'end_turn' });
    const message = await accumulateWithSdk(sse);
    expect(message.content).toStrictEqual([{ type: 'text', text: 'Hello' }]);
    expect(message.usage).toMatchObject({ input_tokens: 12, output_tokens: 2 });
  });

  it('streams text then two OpenAI-style tool calls, each in its own block', async () => {
    const sse = encodeAll([
      START,
      text('Checking both.'),
      toolStart(0, 'call_a', 'get_weather'),
      toolDelta(0, '{"city":'),
      toolDelta(0, '"Paris"}'),
      toolStart(1, 'call_b', 'get_time'),
      toolDelta(1, '{"tz":"CET"}'),
      toolEnd(0),
      toolEnd(1),
      choiceEnd('tool-calls', 'tool_calls'),
      usage({ inputTokens: 40, outputTokens: 25 }),
      END,
    ]);
    expect(sse).toBe(fixture('surface-text-then-tools.sse'));
    expect(checkAnthropicSse(sse).stopReason).toBe('tool_use');
    const message = await accumulateWithSdk(sse);
    expect(message.content).toMatchObject([
      { type: 'text', text: 'Checking both.' },
      { type: 'tool_use', id: 'call_a', name: 'get_weather', input: { city: 'Paris' } },
      { type: 'tool_use', id: 'call_b', name: 'get_time', input: { tz: 'CET' } },
    ]);
    expect(message.stop_reason).toBe('tool_use');
  });

  it('streams reasoning with its signature, then text', async () => {
    const sse = encodeAll([START, reasoning('Let me'), reasoning(' think.'), reasoning('', 'EqQBsig=='), text('42'), choiceEnd('stop', 'end_turn'), END]);
    expect(sse).toBe(fixture('surface-thinking-then-text.sse'));
    const message = await accumulateWithSdk(sse);
    expect(message.content).toStrictEqual([
      { type: 'thinking', thinking: 'Let me think.', signature: 'EqQBsig==' },
      { type: 'text', text: '42' },
    ]);
  });

  it('gives a tool call without argument deltas a valid empty input', async () => {
    const sse = encodeAll([START, toolStart(0, 'toolu_1', 'list_files'), toolDelta(0, '  '), toolEnd(0), choiceEnd('tool-calls'), END]);
    expect(checkAnthropicSse(sse).content).toStrictEqual([{ type: 'tool_use', id: 'toolu_1', name: 'list_files', input: {} }]);
    expect(sse).not.toContain('input_json_delta');
    const message = await accumulateWithSdk(sse);
    expect(message.content).toMatchObject([{ type: 'tool_use', id: 'toolu_1', input: {} }]);
  });

  it('reports usage: known counts at message_start, final counts in message_delta, cache reads apart', async () => {
    const sse = encodeAll([
      usage({ inputTokens: 100, cachedInputTokens: 80 }),
      START,
      text('ok'),
      choiceEnd('length'),
      usage({ inputTokens: 100, cachedInputTokens: 80, cacheWriteInputTokens: 5, outputTokens: 7, reasoningTokens: 3 }),
      END,
    ]);
    const rebuilt = checkAnthropicSse(sse);
    expect(rebuilt.startUsage).toStrictEqual({ input_tokens: 20, output_tokens: 0, cache_creation_input_tokens: null, cache_read_input_tokens: 80 });
    expect(rebuilt.deltaUsage).toStrictEqual({
      output_tokens: 7,
      input_tokens: 15,
      cache_creation_input_tokens: 5,
      cache_read_input_tokens: 80,
      output_tokens_details: { thinking_tokens: 3 },
    });
    expect(rebuilt.stopReason).toBe('max_tokens');
    const message = await accumulateWithSdk(sse);
    expect(message.usage).toMatchObject({ input_tokens: 15, output_tokens: 7, cache_creation_input_tokens: 5, cache_read_input_tokens: 80 });
  });

  it('writes 0 only where the shape requires a number when usage is unknown', () => {
    const rebuilt = checkAnthropicSse(encodeAll([START, text('x'), choiceEnd('stop'), END]));
    expect(rebuilt.startUsage).toStrictEqual({ input_tokens: 0, output_tokens: 0, cache_creation_input_tokens: null, cache_read_input_tokens: null });
    expect(rebuilt.deltaUsage).toStrictEqual({ output_tokens: 0 });
  });

  it('holds a tool call back while an earlier one is still incomplete, and writes it at that tool\'s end', async () => {
    const sse = encodeAll([
      START,
      toolStart(0, 'call_a', 'a'),
      toolStart(1, 'call_b', 'b'),
      toolDelta(0, '{"x":'),
      toolDelta(1, '{"y":2}'),
      text('interleaved'),
      toolDelta(0, '1}'),
      toolEnd(0),
      toolEnd(1),
      choiceEnd('tool-calls'),
      END,
    ]);
    const rebuilt = checkAnthropicSse(sse);
    expect(rebuilt.content).toStrictEqual([
      { type: 'tool_use', id: 'call_a', name: 'a', input: { x: 1 } },
      { type: 'tool_use', id: 'call_b', name: 'b', input: { y: 2 } },
      { type: 'text', text: 'interleaved' },
    ]);
    const message = await accumulateWithSdk(sse);
    expect(message.content).toMatchObject(rebuilt.content);
  });

  it('drops fragments that arrive for a tool block closed early with complete JSON', () => {
    const sse = encodeAll([START, toolStart(0, 'a', 'a'), toolDelta(0, '{}'), toolStart(1, 'b', 'b'), toolDelta(0, '  '), toolDelta(0, 'junk'), choiceEnd('stop'), END]);
    const rebuilt = checkAnthropicSse(sse);
    expect(rebuilt.content).toMatchObject([{ type: 'tool_use', id: 'a', input: {} }, { type: 'tool_use', id: 'b', input: {} }]);
    expect(rebuilt.stopReason).toBe('tool_use');
  });

  it('writes redacted thinking as its own block and an omitted-display signature as an empty thinking block', async () => {
    const sse = encodeAll([START, reasoning('', redactedThinkingSignature('EmwKAhgB')), reasoning('', 'sig-only'), text('done'), choiceEnd('stop'), END]);
    const expected = [
      { type: 'redacted_thinking', data: 'EmwKAhgB' },
      { type: 'thinking', thinking: '', signature: 'sig-only' },
      { type: 'text', text: 'done' },
    ];
    expect(checkAnthropicSse(sse).content).toStrictEqual(expected);
    expect((await accumulateWithSdk(sse)).content).toStrictEqual(expected);
  });

  it('opens a new thinking block for reasoning after a signature, and ignores choices other than 0', () => {
    const sse = encodeAll([START, reasoning('a', 's1'), reasoning('b'), text('other choice', 1), choiceEnd('stop'), END]);
    expect(checkAnthropicSse(sse).content).toStrictEqual([
      { type: 'thinking', thinking: 'a', signature: 's1' },
      { type: 'thinking', thinking: 'b', signature: '' },
    ]);
  });

  it('ends a stream that never sent response-end, and sends nothing more after it', () => {
    const encoder = createAnthropicSseEncoder({ model: 'smart', includeUsage: true });
    const body = [START, text('partial')].map((event) => encoder.encode(event)).join('');
    const tail = encoder.end();
    expect(checkAnthropicSse(body + tail)).toMatchObject({ content: [{ type: 'text', text: 'partial' }], stopReason: 'end_turn' });
    expect(encoder.end()).toBe('');
    expect(encoder.encode(text('late'))).toBe('');
    expect(encodeAll([START, text('x'), END], false).endsWith('event: message_stop\ndata: {"type":"message_stop"}\n\n')).toBe(true);
  });

  it("writes a failure as Anthropic's error event, which the SDK raises", async () => {
    const encoder = createAnthropicSseEncoder({ model: 'smart', includeUsage: false });
    const error = new GatewayError('GW_UNAVAILABLE', 'every target is overloaded');
    const sse = [START, text('Hal')].map((event) => encoder.encode(event)).join('') + encoder.error(error);
    expect(sse.endsWith('event: error\ndata: {"type":"error","error":{"type":"overloaded_error","message":"every target is overloaded"}}\n\n')).toBe(true);
    expect(checkAnthropicSse(sse).error).toStrictEqual({ type: 'overloaded_error', message: 'every target is overloaded' });
    expect(encoder.end()).toBe('');
    await expect(accumulateWithSdk(sse)).rejects.toThrow(/every target is overloaded/);
    const inBand = encodeAll([START, { type: 'error', error: new GatewayError('GW_UPSTREAM_ERROR', 'upstream broke') }, text('ignored')]);
    expect(checkAnthropicSse(inBand)).toMatchObject({ content: [], error: { type: 'api_error', message: 'upstream broke' } });
  });

  it('starts the message on the first content when the upstream sent no response-start', () => {
    const rebuilt = checkAnthropicSse(encodeAll([text('hi'), choiceEnd('stop'), END]));
    expect(rebuilt).toMatchObject({ id: 'msg_unidentified', content: [{ type: 'text', text: 'hi' }] });
    const chosen = createAnthropicSseEncoder({ model: 'smart', includeUsage: false, responseId: 'msg_gateway1' });
    expect(checkAnthropicSse(chosen.encode(START) + chosen.end()).id).toBe('msg_gateway1');
  });

  it('has a grammar check that rejects overlapping blocks, stray deltas and a missing message_stop', () => {
    const frame = (data: Record<string, unknown>) => `event: ${String(data.type)}\ndata: ${JSON.stringify(data)}\n\n`;
    const head = frame({ type: 'message_start', message: { id: 'm', model: 'x', type: 'message', role: 'assistant', content: [], stop_reason: null, stop_sequence: null, usage: {} } });
    const startText = (index: number) => frame({ type: 'content_block_start', index, content_block: { type: 'text', text: '' } });
    expect(() => checkAnthropicSse(head + startText(0) + startText(1))).toThrow(/still open/);
    expect(() => checkAnthropicSse(head + frame({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'x' } }))).toThrow(/open block/);
    expect(() => checkAnthropicSse(head + startText(0) + frame({ type: 'content_block_stop', index: 0 }))).toThrow(/message_stop or error/);
  });
});
