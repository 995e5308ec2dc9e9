import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import type { ChatResponse } from '../../core/chat-response.js';
import { encodeResponsesResponse } from './encode-responses-response.js';
import { readResponsesEcho } from './read-responses-echo.js';

const base = (overrides: Partial<ChatResponse>): ChatResponse => ({
  id: 'chatcmpl-abc',
  model: 'claude-sonnet-4-5',
  createdAt: 1_760_000_000,
  choices: [{ index: 0, content: [{ type: 'text', text: 'Hello!' }], finishReason: { unified: 'stop', raw: 'end_turn' } }],
  usage: { inputTokens: 12, outputTokens: 5 },
  ...overrides,
});

/** The official client over a fake fetch that answers with `body`. */
function clientAnswering(body: unknown): OpenAI {
  return new OpenAI({
    apiKey: 'sk-test',
    baseURL: 'http://gateway.test/v1',
    maxRetries: 0,
    fetch: async () => new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } }),
  });
}

describe('encodeResponsesResponse', () => {
  it('writes a completed Response object with a message item, usage and default echo fields', () => {
    expect(encodeResponsesResponse(base({}), { model: 'smart' })).toEqual({
      id: 'resp_chatcmpl-abc',
      object: 'response',
      created_at: 1_760_000_000,
      status: 'completed',
      background: false,
      error: null,
      incomplete_details: null,
      instructions: null,
      max_output_tokens: null,
      model: 'smart',
      output: [
        {
          id: 'msg_chatcmpl-abc_0',
          type: 'message',
          status: 'completed',
          role: 'assistant',
          content: [{ type: 'output_text', annotations: [], logprobs: [], text: 'Hello!' }],
        },
      ],
      parallel_tool_calls: true,
      previous_response_id: null,
      reasoning: { effort: null, summary: null },
      store: true,
      temperature: null,
      text: { format: { type: 'text' } },
      tool_choice: 'auto',
      tools: [],
      top_p: null,
      truncation: 'disabled',
      usage: {
        input_tokens: 12,
        input_tokens_details: { cached_tokens: 0 },
        output_tokens: 5,
        output_tokens_details: { reasoning_tokens: 0 },
        total_tokens: 17,
      },
      user: null,
      metadata: {},
    });
  });

  it('keeps reasoning, text and tool calls in order, with the signature as encrypted_content', () => {
    const response = base({
      id: 'resp_42',
      choices: [
        {
          index: 0,
          content: [
            { type: 'reasoning', text: 'Need the weather.', signature: 'sig-1' },
            { type: 'text', text: 'Checking ' },
            { type: 'text', text: 'now.' },
            { type: 'tool-call', toolCallId: 'call_1', toolName: 'get_weather', argumentsJson: '{"city":"Paris"}' },
            { type: 'reasoning', text: '', signature: 'redacted' },
            { type: 'tool-call', toolCallId: 'call_2', toolName: 'get_time', argumentsJson: '{}' },
          ],
          finishReason: { unified: 'tool-calls' },
        },
      ],
      usage: { inputTokens: 100, outputTokens: 40, cachedInputTokens: 64, cacheWriteInputTokens: 8, reasoningTokens: 20 },
    });
    const body = encodeResponsesResponse(response, { model: 'smart' });
    expect(body.id).toBe('resp_42');
    expect(body.output).toEqual([
      { id: 'rs_42_0', type: 'reasoning', summary: [{ type: 'summary_text', text: 'Need the weather.' }], encrypted_content: 'sig-1' },
      {
        id: 'msg_42_1',
        type: 'message',
        status: 'completed',
        role: 'assistant',
        content: [{ type: 'output_text', annotations: [], logprobs: [], text: 'Checking now.' }],
      },
      { id: 'fc_42_2', type: 'function_call', status: 'completed', arguments: '{"city":"Paris"}', call_id: 'call_1', name: 'get_weather' },
      { id: 'rs_42_3', type: 'reasoning', summary: [], encrypted_content: 'redacted' },
      { id: 'fc_42_4', type: 'function_call', status: 'completed', arguments: '{}', call_id: 'call_2', name: 'get_time' },
    ]);
    expect(body.usage).toEqual({
      input_tokens: 100,
      input_tokens_details: { cached_tokens: 64, cache_write_tokens: 8 },
      output_tokens: 40,
      output_tokens_details: { reasoning_tokens: 20 },
      total_tokens: 140,
    });
  });

  it('answers calls of custom and namespaced tools in the item types the request declared', async () => {
    const echo = readResponsesEcho({
      tools: [
        { type: 'function', name: 'exec_command', parameters: {} },
        { type: 'custom', name: 'apply_patch', format: { type: 'grammar', syntax: 'lark', definition: 'start: "x"' } },
        { type: 'namespace', name: 'multi_agent_v1', description: 'Agents.', tools: [{ type: 'function', name: 'spawn_agent' }, { type: 'custom', name: 'note' }] },
      ],
    });
    const patch = '*** Begin Patch\n*** Add File: a.txt\n+"quoted" \\ text\n*** End Patch\n';
    const response = base({
      id: 'resp_9',
      choices: [
        {
          index: 0,
          content: [
            { type: 'tool-call', toolCallId: 'call_p', toolName: 'apply_patch', argumentsJson: JSON.stringify({ input: patch }) },
            { type: 'tool-call', toolCallId: 'call_r', toolName: 'apply_patch', argumentsJson: '*** Begin Patch' },
            { type: 'tool-call', toolCallId: 'call_s', toolName: 'multi_agent_v1__spawn_agent', argumentsJson: '{"message":"go"}' },
            { type: 'tool-call', toolCallId: 'call_n', toolName: 'multi_agent_v1__note', argumentsJson: '{"input":"hi"}' },
            { type: 'tool-call', toolCallId: 'call_e', toolName: 'exec_command', argumentsJson: '{"cmd":"ls"}' },
          ],
          finishReason: { unified: 'tool-calls' },
        },
      ],
    });
    const body = encodeResponsesResponse(response, { model: 'smart', echo });
    expect(body.output).toEqual([
      { id: 'ctc_9_0', type: 'custom_tool_call', status: 'completed', call_id: 'call_p', name: 'apply_patch', input: patch },
      { id: 'ctc_9_1', type: 'custom_tool_call', status: 'completed', call_id: 'call_r', name: 'apply_patch', input: '*** Begin Patch' },
      { id: 'fc_9_2', type: 'function_call', status: 'completed', arguments: '{"message":"go"}', call_id: 'call_s', name: 'spawn_agent', namespace: 'multi_agent_v1' },
      { id: 'ctc_9_3', type: 'custom_tool_call', status: 'completed', call_id: 'call_n', name: 'note', namespace: 'multi_agent_v1', input: 'hi' },
      { id: 'fc_9_4', type: 'function_call', status: 'completed', arguments: '{"cmd":"ls"}', call_id: 'call_e', name: 'exec_command' },
    ]);
    expect(body.tools).toEqual(echo.tools);

    // Without the echo the gateway cannot know the declaration: a plain function call.
    const bare = encodeResponsesResponse(response, { model: 'smart' });
    expect((bare.output as { type: string }[]).map((item) => item.type)).toEqual(Array(5).fill('function_call'));

    const read = await clientAnswering(body).responses.create({ model: 'smart', input: 'edit' });
    expect(read.output[0]).toMatchObject({ type: 'custom_tool_call', call_id: 'call_p', input: patch });
  });

  it.each([
    ['length', 'max_output_tokens'],
    ['content-filter', 'content_filter'],
  ] as const)('reports a %s stop as incomplete (%s) and marks the cut item', (unified, reason) => {
    const body = encodeResponsesResponse(base({ choices: [{ index: 0, content: [{ type: 'text', text: 'Once upon' }], finishReason: { unified } }] }), {
      model: 'm',
    });
    expect(body).toMatchObject({ status: 'incomplete', incomplete_details: { reason }, output: [{ status: 'incomplete' }] });
  });

  it('reports a model-side error stop as failed', () => {
    const body = encodeResponsesResponse(base({ choices: [{ index: 0, content: [], finishReason: { unified: 'error', raw: 'MALFORMED_FUNCTION_CALL' } }] }), {
      model: 'm',
    });
    expect(body).toMatchObject({
      status: 'failed',
      error: { code: 'server_error', message: 'The model stopped with an error (MALFORMED_FUNCTION_CALL).' },
      output: [],
    });
  });

  it('writes usage as null when a main count is unknown, never as invented zeros', () => {
    expect(encodeResponsesResponse(base({ usage: { inputTokens: 10 } }), { model: 'm' }).usage).toBeNull();
    expect(encodeResponsesResponse(base({ usage: undefined }), { model: 'm' }).usage).toBeNull();
  });

  it('uses the gateway response id and repeats the request settings', () => {
    const echo = readResponsesEcho({
      instructions: 'Be brief.',
      tools: [{ type: 'function', name: 'f', parameters: {} }],
      tool_choice: 'required',
      temperature: 0.2,
      store: false,
      previous_response_id: 'resp_prev',
      text: { verbosity: 'low' },
      reasoning: { effort: 'high' },
      service_tier: 'flex',
      metadata: { a: 'b' },
      input: 'not echoed',
    });
    const body = encodeResponsesResponse(base({}), { model: 'm', responseId: 'gw123', echo });
    expect(body).toMatchObject({
      id: 'resp_gw123',
      instructions: 'Be brief.',
      tools: [{ type: 'function', name: 'f', parameters: {} }],
      tool_choice: 'required',
      temperature: 0.2,
      store: false,
      previous_response_id: 'resp_prev',
      text: { format: { type: 'text' }, verbosity: 'low' },
      reasoning: { effort: 'high', summary: null },
      service_tier: 'flex',
      metadata: { a: 'b' },
    });
    expect(body).not.toHaveProperty('input');
    expect((body.output as { id: string }[])[0]?.id).toBe('msg_gw123_0');
    expect(Object.keys(body).slice(-3)).toEqual(['usage', 'user', 'metadata']);
  });

  it('is read by the official openai client, which derives output_text from it', async () => {
    const response = base({
      choices: [
        {
          index: 0,
          content: [
            { type: 'text', text: 'It is sunny.' },
            { type: 'tool-call', toolCallId: 'call_1', toolName: 'f', argumentsJson: '{}' },
          ],
          finishReason: { unified: 'tool-calls' },
        },
      ],
    });
    const client = clientAnswering(encodeResponsesResponse(response, { model: 'smart' }));
    const read = await client.responses.create({ model: 'smart', input: 'weather?' });
    expect(read.output_text).toBe('It is sunny.');
    expect(read.output.map((item) => item.type)).toEqual(['message', 'function_call']);
    expect(read.usage?.total_tokens).toBe(17);
  });
});
