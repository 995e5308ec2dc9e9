import { readFileSync } from 'node:fs';
import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import type { ChatStreamEvent } from '../../core/chat-stream-event.js';
import { GatewayError } from '../../core/errors.js';
import { SseFrameParser } from '../../upstream/index.js';
import { createResponsesSseEncoder, type ResponsesStreamOptions } from './create-responses-sse-encoder.js';
import { encodeResponsesResponse } from './encode-responses-response.js';
import { readResponsesEcho } from './read-responses-echo.js';

const START: ChatStreamEvent = { type: 'response-start', id: 'chatcmpl-7', model: 'claude-sonnet-4-5', createdAt: 1_760_000_000 };
const END: ChatStreamEvent = { type: 'response-end' };
const STOP: ChatStreamEvent = { type: 'choice-end', index: 0, finishReason: { unified: 'stop', raw: 'end_turn' } };

const TEXT_EVENTS: ChatStreamEvent[] = [
  START,
  { type: 'text-delta', index: 0, delta: 'Hello' },
  { type: 'text-delta', index: 0, delta: ', wörld 🌍' },
  STOP,
  { type: 'usage', usage: { inputTokens: 9, outputTokens: 3 } },
  END,
];

const AGENT_EVENTS: ChatStreamEvent[] = [
  START,
  { type: 'usage', usage: { inputTokens: 120, cachedInputTokens: 100 } },
  { type: 'reasoning-delta', index: 0, delta: 'Need the ' },
  { type: 'reasoning-delta', index: 0, delta: 'weather.' },
  { type: 'reasoning-delta', index: 0, delta: '', signature: 'sig-abc' },
  { type: 'text-delta', index: 0, delta: 'Checking.' },
  { type: 'tool-call-start', index: 0, toolIndex: 0, toolCallId: 'call_w', toolName: 'get_weather' },
  { type: 'tool-call-start', index: 0, toolIndex: 1, toolCallId: 'call_t', toolName: 'get_time' },
  { type: 'tool-call-delta', index: 0, toolIndex: 0, argumentsDelta: '{"city":' },
  { type: 'tool-call-delta', index: 0, toolIndex: 1, argumentsDelta: '{}' },
  { type: 'tool-call-delta', index: 0, toolIndex: 0, argumentsDelta: '"Paris"}' },
  { type: 'tool-call-end', index: 0, toolIndex: 0 },
  { type: 'choice-end', index: 0, finishReason: { unified: 'tool-calls', raw: 'tool_use' } },
  { type: 'usage', usage: { outputTokens: 30, reasoningTokens: 12 } },
  END,
];

function encodeAll(events: readonly ChatStreamEvent[], options: Partial<ResponsesStreamOptions> = {}): string {
  const encoder = createResponsesSseEncoder({ model: 'smart', includeUsage: false, ...options });
  return events.map((event) => encoder.encode(event)).join('') + encoder.end();
}

/** Frames the text with the gateway's own SSE parser and checks the Responses grammar. */
function parseEvents(text: string): Record<string, unknown>[] {
  const parser = new SseFrameParser();
  const frames = [...parser.push(text), ...parser.end()];
  expect(frames.map((frame) => frame.raw).join('')).toBe(text);
  return frames.map((frame, index) => {
    const data = JSON.parse(frame.data) as Record<string, unknown>;
    expect(frame.event).toBe(data.type);
    expect(data.sequence_number).toBe(index);
    return data;
  });
}

/** The official client's stream helper over a fake fetch that serves `sse`. */
function streamWithSdk(sse: string) {
  const client = new OpenAI({
    apiKey: 'sk-test',
    baseURL: 'http://gateway.test/v1',
    maxRetries: 0,
    fetch: async () => new Response(sse, { status: 200, headers: { 'content-type': 'text/event-stream' } }),
  });
  return client.responses.stream({ model: 'smart', input: 'hi' });
}

describe('createResponsesSseEncoder', () => {
  it('writes the exact SSE text of a short answer', () => {
    const expected = readFileSync(new URL('./__fixtures__/text.expected.sse', import.meta.url), 'utf8');
    expect(encodeAll(TEXT_EVENTS)).toBe(expected);
  });

  it('streams a text answer the official client accumulates', async () => {
    const sse = encodeAll(TEXT_EVENTS);
    expect(parseEvents(sse).map((event) => event.type)).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.content_part.added',
      'response.output_text.delta',
      'response.output_text.delta',
      'response.output_text.done',
      'response.content_part.done',
      'response.output_item.done',
      'response.completed',
    ]);
    const stream = streamWithSdk(sse);
    const deltas: string[] = [];
    stream.on('response.output_text.delta', (event) => deltas.push(event.delta));
    const final = await stream.finalResponse();
    expect(deltas).toEqual(['Hello', ', wörld 🌍']);
    expect(final.output_text).toBe('Hello, wörld 🌍');
    expect(final.status).toBe('completed');
    expect(final.usage).toMatchObject({ input_tokens: 9, output_tokens: 3, total_tokens: 12 });
  });

  it('streams reasoning summaries, text and parallel tool calls, ending with the same object as the complete encoder', async () => {
    const sse = encodeAll(AGENT_EVENTS);
    const events = parseEvents(sse);
    expect(events.map((event) => event.type)).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.reasoning_summary_part.added',
      'response.reasoning_summary_text.delta',
      'response.reasoning_summary_text.delta',
      'response.reasoning_summary_text.done',
      'response.reasoning_summary_part.done',
      'response.output_item.done',
      'response.output_item.added',
      'response.content_part.added',
      'response.output_text.delta',
      'response.output_text.done',
      'response.content_part.done',
      'response.output_item.done',
      'response.output_item.added',
      'response.output_item.added',
      'response.function_call_arguments.delta',
      'response.function_call_arguments.delta',
      'response.function_call_arguments.delta',
      'response.function_call_arguments.done',
      'response.output_item.done',
      'response.function_call_arguments.done',
      'response.output_item.done',
      'response.completed',
    ]);
    expect(events[20]).toMatchObject({ item_id: 'fc_chatcmpl-7_2', output_index: 2, name: 'get_weather', arguments: '{"city":"Paris"}' });

    const complete = encodeResponsesResponse(
      {
        id: 'chatcmpl-7',
        model: 'claude-sonnet-4-5',
        createdAt: 1_760_000_000,
        choices: [
          {
            index: 0,
            content: [
              { type: 'reasoning', text: 'Need the weather.', signature: 'sig-abc' },
              { type: 'text', text: 'Checking.' },
              { type: 'tool-call', toolCallId: 'call_w', toolName: 'get_weather', argumentsJson: '{"city":"Paris"}' },
              { type: 'tool-call', toolCallId: 'call_t', toolName: 'get_time', argumentsJson: '{}' },
            ],
            finishReason: { unified: 'tool-calls' },
          },
        ],
        usage: { inputTokens: 120, cachedInputTokens: 100, outputTokens: 30, reasoningTokens: 12 },
      },
      { model: 'smart' },
    );
    expect(events.at(-1)?.response).toEqual(complete);

    const final = await streamWithSdk(sse).finalResponse();
    expect(final.output.map((item) => item.type)).toEqual(['reasoning', 'message', 'function_call', 'function_call']);
    expect(final.output_text).toBe('Checking.');
    expect(final.usage).toMatchObject({ input_tokens_details: { cached_tokens: 100 }, output_tokens_details: { reasoning_tokens: 12 } });
  });

  it('streams a custom tool call as custom_tool_call input events once its JSON arguments are complete', async () => {
    const echo = readResponsesEcho({
      tools: [
        { type: 'custom', name: 'apply_patch', format: { type: 'grammar', syntax: 'lark', definition: 'start: "x"' } },
        { type: 'namespace', name: 'multi_agent_v1', description: 'Agents.', tools: [{ type: 'function', name: 'spawn_agent' }] },
      ],
    });
    const patch = '*** Begin Patch\n*** Add File: a.txt\n+say "hi" \\o/\n*** End Patch\n';
    const json = JSON.stringify({ input: patch });
    // Cut inside escapes (`\n`, `\"`): the pieces cannot be unescaped on their own.
    const newline = json.indexOf('\\n') + 1;
    const quote = json.indexOf('\\"') + 1;
    const cuts = [json.slice(0, newline), json.slice(newline, quote), json.slice(quote)];
    expect(cuts.slice(0, 2).map((cut) => cut.at(-1))).toEqual(['\\', '\\']);
    const sse = encodeAll(
      [
        START,
        { type: 'tool-call-start', index: 0, toolIndex: 0, toolCallId: 'call_p', toolName: 'apply_patch' },
        ...cuts.map((argumentsDelta): ChatStreamEvent => ({ type: 'tool-call-delta', index: 0, toolIndex: 0, argumentsDelta })),
        { type: 'tool-call-end', index: 0, toolIndex: 0 },
        { type: 'tool-call-start', index: 0, toolIndex: 1, toolCallId: 'call_s', toolName: 'multi_agent_v1__spawn_agent' },
        { type: 'tool-call-delta', index: 0, toolIndex: 1, argumentsDelta: '{"message":"go"}' },
        { type: 'choice-end', index: 0, finishReason: { unified: 'tool-calls', raw: 'tool_use' } },
        { type: 'usage', usage: { inputTokens: 20, outputTokens: 9 } },
        END,
      ],
      { echo },
    );
    const events = parseEvents(sse);
    expect(events.map((event) => event.type)).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.custom_tool_call_input.delta',
      'response.custom_tool_call_input.done',
      'response.output_item.done',
      'response.output_item.added',
      'response.function_call_arguments.delta',
      'response.function_call_arguments.done',
      'response.output_item.done',
      'response.completed',
    ]);
    const where = { item_id: 'ctc_chatcmpl-7_0', output_index: 0 };
    expect(events[2]).toMatchObject({ item: { id: where.item_id, type: 'custom_tool_call', status: 'in_progress', call_id: 'call_p', name: 'apply_patch', input: '' } });
    expect(events[3]).toEqual({ type: 'response.custom_tool_call_input.delta', ...where, delta: patch, sequence_number: 3 });
    expect(events[4]).toEqual({ type: 'response.custom_tool_call_input.done', ...where, input: patch, sequence_number: 4 });
    expect(events[5]).toMatchObject({ item: { type: 'custom_tool_call', status: 'completed', input: patch } });
    expect(events[6]).toMatchObject({ item: { id: 'fc_chatcmpl-7_1', type: 'function_call', name: 'spawn_agent', namespace: 'multi_agent_v1' } });
    expect(events[8]).toMatchObject({ name: 'spawn_agent', arguments: '{"message":"go"}' });

    const complete = encodeResponsesResponse(
      {
        id: 'chatcmpl-7',
        model: 'claude-sonnet-4-5',
        createdAt: 1_760_000_000,
        choices: [
          {
            index: 0,
            content: [
              { type: 'tool-call', toolCallId: 'call_p', toolName: 'apply_patch', argumentsJson: json },
              { type: 'tool-call', toolCallId: 'call_s', toolName: 'multi_agent_v1__spawn_agent', argumentsJson: '{"message":"go"}' },
            ],
            finishReason: { unified: 'tool-calls' },
          },
        ],
        usage: { inputTokens: 20, outputTokens: 9 },
      },
      { model: 'smart', echo },
    );
    expect(events.at(-1)?.response).toEqual(complete);

    const stream = streamWithSdk(sse);
    const inputDeltas: string[] = [];
    stream.on('response.custom_tool_call_input.delta', (event) => inputDeltas.push(event.delta));
    const final = await stream.finalResponse();
    expect(inputDeltas).toEqual([patch]);
    expect(final.output).toEqual([
      expect.objectContaining({ type: 'custom_tool_call', call_id: 'call_p', name: 'apply_patch', input: patch }),
      expect.objectContaining({ type: 'function_call', name: 'spawn_agent', namespace: 'multi_agent_v1' }),
    ]);
  });

  it('marks a custom tool call cut by a failure incomplete, with the input it never finished', () => {
    const encoder = createResponsesSseEncoder({ model: 'smart', includeUsage: true, echo: readResponsesEcho({ tools: [{ type: 'custom', name: 'apply_patch' }] }) });
    let sse = encoder.encode(START);
    sse += encoder.encode({ type: 'tool-call-start', index: 0, toolIndex: 0, toolCallId: 'call_p', toolName: 'apply_patch' });
    expect(encoder.encode({ type: 'tool-call-delta', index: 0, toolIndex: 0, argumentsDelta: '{"input":"*** Beg' })).toBe('');
    sse += encoder.error(new GatewayError('GW_UPSTREAM_ERROR', 'cut'));
    const events = parseEvents(sse);
    expect(events.map((event) => event.type)).toEqual(['response.created', 'response.in_progress', 'response.output_item.added', 'error', 'response.failed']);
    expect(events.at(-1)).toMatchObject({ response: { output: [{ type: 'custom_tool_call', status: 'incomplete', input: '' }] } });
  });

  it('ends a length stop with response.incomplete and the cut item marked incomplete', async () => {
    const sse = encodeAll([
      START,
      { type: 'text-delta', index: 0, delta: 'Once upon a' },
      { type: 'choice-end', index: 0, finishReason: { unified: 'length', raw: 'max_tokens' } },
      END,
    ]);
    const events = parseEvents(sse);
    expect(events.at(-2)).toMatchObject({ type: 'response.output_item.done', item: { status: 'incomplete' } });
    expect(events.at(-1)).toMatchObject({ type: 'response.incomplete', response: { status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' }, usage: null } });
    const final = await streamWithSdk(sse).finalResponse();
    expect(final.status).toBe('incomplete');
    expect(final.output_text).toBe('Once upon a');
  });

  it('reports a failure after the commit point as an error event, then response.failed', async () => {
    const encoder = createResponsesSseEncoder({ model: 'smart', includeUsage: true });
    let sse = encoder.encode(START) + encoder.encode({ type: 'text-delta', index: 0, delta: 'Partial' });
    sse += encoder.error(new GatewayError('GW_UPSTREAM_ERROR', 'The provider closed the stream', { param: 'model' }));
    expect(encoder.encode(END)).toBe('');
    expect(encoder.error(new GatewayError('GW_INTERNAL', 'again'))).toBe('');
    expect(encoder.end()).toBe('');
    const events = parseEvents(sse);
    expect(events.slice(-2)).toEqual([
      { type: 'error', code: 'upstream_error', message: 'The provider closed the stream', param: 'model', sequence_number: 5 },
      expect.objectContaining({
        type: 'response.failed',
        response: expect.objectContaining({
          status: 'failed',
          error: { code: 'upstream_error', message: 'The provider closed the stream' },
          output: [expect.objectContaining({ type: 'message', status: 'incomplete' })],
        }),
      }),
    ]);
    // The official client turns the `error` event into a rejection carrying our message;
    // clients that read only `response.failed` (the Codex CLI) find the same error there.
    const seen: string[] = [];
    const stream = streamWithSdk(sse);
    stream.on('event', (event) => seen.push(event.type));
    await expect(stream.finalResponse()).rejects.toThrow('The provider closed the stream');
    expect(seen).toContain('error');
  });

  it('turns an in-band canonical error event into the same failure', () => {
    const sse = encodeAll([START, { type: 'error', error: new GatewayError('GW_RATE_LIMITED', 'slow down') }, END]);
    expect(parseEvents(sse).map((event) => event.type)).toEqual(['response.created', 'response.in_progress', 'error', 'response.failed']);
  });

  it('uses the gateway id, repeats the echo, and still opens the lifecycle when response-start is missing', () => {
    const events = parseEvents(
      encodeAll([{ type: 'text-delta', index: 0, delta: 'x' }, END], { responseId: 'resp_gw1', echo: { store: false, tools: [] } }),
    );
    expect(events[0]).toMatchObject({ type: 'response.created', response: { id: 'resp_gw1', status: 'in_progress', store: false, output: [] } });
    expect(events[2]).toMatchObject({ item: { id: 'msg_gw1_0' } });
  });

  it('ignores other choices, empty deltas and deltas of unknown tool calls', () => {
    const sse = encodeAll([
      START,
      { type: 'text-delta', index: 1, delta: 'other choice' },
      { type: 'text-delta', index: 0, delta: '' },
      { type: 'reasoning-delta', index: 0, delta: '' },
      { type: 'tool-call-delta', index: 0, toolIndex: 5, argumentsDelta: '{}' },
      { type: 'tool-call-end', index: 0, toolIndex: 5 },
      STOP,
      END,
    ]);
    expect(parseEvents(sse).map((event) => event.type)).toEqual(['response.created', 'response.in_progress', 'response.completed']);
  });
});
