import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ChatRequest } from '../../core/chat-request.js';
import { GatewayError } from '../../core/errors.js';
import { decodeResponsesRequest } from './decode-responses-request.js';

const fixture = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8')) as Record<string, unknown>;

function decodeError(body: unknown): GatewayError {
  try {
    decodeResponsesRequest(body);
  } catch (error) {
    if (error instanceof GatewayError) return error;
    throw error;
  }
  throw new Error('expected decodeResponsesRequest to throw');
}

const minimal = (extra: Record<string, unknown>) => ({ model: 'gpt-4.1', input: 'hi', ...extra });
const text = (value: string) => ({ type: 'text' as const, text: value });

describe('decodeResponsesRequest', () => {
  it('decodes a realistic Agents SDK request: history items, tools, structured output and passthrough', () => {
    const { request, warnings } = decodeResponsesRequest(fixture('agents-sdk.request.json'));
    const expected: ChatRequest = {
      model: 'gpt-4.1',
      messages: [
        { role: 'system', content: [text('You are a travel agent. Use the tools to check the weather before you answer.')] },
        {
          role: 'user',
          content: [
            text('Where was this photo taken, and what is the weather there?'),
            { type: 'image', source: { type: 'url', url: 'https://example.com/photo.jpg' }, detail: 'high' },
            { type: 'image', source: { type: 'base64', mediaType: 'image/png', data: 'iVBORw0KGgo=' }, detail: 'auto' },
          ],
        },
        {
          role: 'assistant',
          content: [
            {
              type: 'reasoning',
              text: '**Identifying the place**\n\nThe tower is the Eiffel Tower.\n\n**Checking weather**\n\nI should call get_weather and get_time.',
              signature: 'gAAAAABoofDC-encrypted-reasoning==',
            },
            text('That is Paris. Let me check the weather.'),
            { type: 'tool-call', toolCallId: 'call_weather_01', toolName: 'get_weather', argumentsJson: '{"city":"Paris"}' },
            { type: 'tool-call', toolCallId: 'call_time_02', toolName: 'get_time', argumentsJson: '{"timezone":"Europe/Paris"}' },
          ],
        },
        { role: 'tool', content: [{ type: 'tool-result', toolCallId: 'call_weather_01', content: '{"temperature_c":21,"sky":"clear"}' }] },
        { role: 'tool', content: [{ type: 'tool-result', toolCallId: 'call_time_02', content: [text('14:05')] }] },
        { role: 'assistant', content: [text('It is sunny and 21°C in Paris at 14:05.')] },
        { role: 'user', content: [text('Great. Summarise it as JSON, and here is my itinerary.')] },
        {
          role: 'user',
          content: [
            {
              type: 'file',
              mediaType: 'application/pdf',
              source: { type: 'base64', mediaType: 'application/pdf', data: 'JVBERi0xLjQK' },
              filename: 'itinerary.pdf',
            },
          ],
        },
      ],
      tools: [
        {
          name: 'get_weather',
          description: 'Current weather for a city.',
          parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'], additionalProperties: false },
          strict: true,
        },
        {
          name: 'get_time',
          parameters: { type: 'object', properties: { timezone: { type: 'string' } }, required: ['timezone'], additionalProperties: false },
          strict: true,
        },
      ],
      toolChoice: { type: 'auto' },
      parallelToolCalls: true,
      sampling: { temperature: 0.3, topP: 0.9, maxOutputTokens: 800 },
      responseFormat: {
        type: 'json-schema',
        name: 'trip_summary',
        description: 'A short weather summary.',
        schema: {
          type: 'object',
          properties: { city: { type: 'string' }, summary: { type: 'string' } },
          required: ['city', 'summary'],
          additionalProperties: false,
        },
        strict: true,
      },
      stream: false,
      reasoningEffort: 'low',
      user: 'user-7',
      metadata: { session: 'trip-42' },
      passthrough: {
        dialect: 'openai-responses',
        fields: {
          include: ['reasoning.encrypted_content'],
          truncation: 'auto',
          store: true,
          reasoning: { summary: 'auto' },
          text: { verbosity: 'medium' },
          prompt_cache_key: 'travel-agent-v1',
          service_tier: 'auto',
        },
      },
    };
    expect(request).toEqual(expected);
    expect(warnings).toEqual([]);
  });

  it('decodes a Codex CLI request: developer -> system, apply_patch offered, hosted and local_shell tools dropped with warnings', () => {
    const { request, warnings } = decodeResponsesRequest(fixture('codex.request.json'));
    expect(request.messages.map((message) => message.role)).toEqual(['system', 'system', 'user', 'user', 'assistant', 'tool', 'assistant', 'user']);
    expect(request.messages[1]?.content).toEqual([text('<permissions instructions>Filesystem sandboxing: workspace-write.</permissions instructions>')]);
    expect(request.messages[4]?.content).toEqual([
      { type: 'reasoning', text: '**Running the test suite**', signature: 'gAAAAABo-codex-encrypted==' },
      {
        type: 'tool-call',
        toolCallId: 'call_Xk2Jd9',
        toolName: 'shell',
        argumentsJson: '{"command":["bash","-lc","npm test"],"workdir":"/home/dev/project"}',
      },
    ]);
    expect(request.messages[6]?.content).toEqual([text('One test fails: `parses dates`.')]);
    expect(request.tools?.map((tool) => tool.name)).toEqual(['shell', 'update_plan', 'apply_patch']);
    expect(request.tools?.[2]?.description).toBe(
      'Use the `apply_patch` tool to edit files.\n\n' +
        'Input format: put the raw text (not JSON) in the "input" argument; it must follow this lark grammar.\n' +
        '<grammar syntax="lark">\nstart: begin_patch hunk+ end_patch\n</grammar>',
    );
    expect(request.tools?.[0]?.strict).toBe(false);
    expect(request).toMatchObject({ stream: true, streamUsage: true, parallelToolCalls: false, reasoningEffort: 'medium', toolChoice: { type: 'auto' } });
    expect(request.responseFormat).toBeUndefined();
    expect(request.passthrough).toEqual({
      dialect: 'openai-responses',
      fields: {
        store: false,
        include: ['reasoning.encrypted_content'],
        prompt_cache_key: '0199a3c2-6f1e-7b40-9d2a-5c1e8f3b7a64',
        reasoning: { summary: 'auto' },
        text: { verbosity: 'low' },
      },
    });
    expect(warnings).toEqual([
      { type: 'unsupported-setting', setting: 'input[6]', detail: '"web_search_call" records an OpenAI-hosted tool call; dropped from the history' },
      {
        type: 'unsupported-setting',
        setting: 'tools[2].format',
        detail: 'the grammar is shown to the model in the tool description; other providers cannot enforce it',
      },
      { type: 'unsupported-setting', setting: 'tools[3]', detail: '"web_search" is an OpenAI-hosted tool that other providers cannot run; dropped' },
      {
        type: 'unsupported-setting',
        setting: 'tools[4]',
        detail: '"local_shell" tools have no equivalent outside OpenAI (function, custom and namespace tools are translated); dropped',
      },
    ]);
  });

  it('reads a string input as one user message and leaves unset settings undefined', () => {
    const { request } = decodeResponsesRequest({ model: 'gpt-4.1', input: 'Tell me a joke', temperature: null, tools: null });
    expect(request).toEqual({ model: 'gpt-4.1', messages: [{ role: 'user', content: [text('Tell me a joke')] }], sampling: {}, stream: false });
  });

  it('joins a function call to the assistant message before it, and keeps text, images and files in tool outputs', () => {
    const { request } = decodeResponsesRequest(
      minimal({
        input: [
          { role: 'assistant', content: 'Looking.' },
          { type: 'function_call', call_id: 'c1', name: 'look', arguments: '{}' },
          {
            type: 'function_call_output',
            call_id: 'c1',
            output: [
              { type: 'input_text', text: 'see image' },
              { type: 'input_image', image_url: 'https://example.com/a.png' },
              { type: 'input_file', file_url: 'https://example.com/report.pdf?v=2', filename: 'report.pdf' },
            ],
          },
        ],
      }),
    );
    expect(request.messages).toEqual([
      { role: 'assistant', content: [text('Looking.'), { type: 'tool-call', toolCallId: 'c1', toolName: 'look', argumentsJson: '{}' }] },
      {
        role: 'tool',
        content: [
          {
            type: 'tool-result',
            toolCallId: 'c1',
            content: [
              text('see image'),
              { type: 'image', source: { type: 'url', url: 'https://example.com/a.png' } },
              { type: 'file', mediaType: 'application/pdf', source: { type: 'url', url: 'https://example.com/report.pdf?v=2' }, filename: 'report.pdf' },
            ],
          },
        ],
      },
    ]);
  });

  it('prefers raw reasoning text over the summary and skips empty reasoning items', () => {
    const { request } = decodeResponsesRequest(
      minimal({
        input: [
          { type: 'reasoning', summary: [{ type: 'summary_text', text: 'short' }], content: [{ type: 'reasoning_text', text: 'the full chain' }] },
          { type: 'reasoning', summary: [] },
          { role: 'assistant', content: [{ type: 'refusal', refusal: 'I cannot help with that.' }] },
        ],
      }),
    );
    expect(request.messages).toEqual([
      { role: 'assistant', content: [{ type: 'reasoning', text: 'the full chain' }, text('I cannot help with that.')] },
    ]);
  });

  it('decodes text formats and every tool_choice form', () => {
    const tools = [
      { type: 'function', name: 'a', parameters: null },
      { type: 'function', name: 'b', parameters: { type: 'object' } },
    ];
    expect(decodeResponsesRequest(minimal({ text: { format: { type: 'json_object' } } })).request.responseFormat).toEqual({ type: 'json-object' });
    expect(decodeResponsesRequest(minimal({ text: { format: { type: 'text' } } })).request.responseFormat).toEqual({ type: 'text' });
    expect(decodeResponsesRequest(minimal({ tools, tool_choice: 'none' })).request.toolChoice).toEqual({ type: 'none' });
    expect(decodeResponsesRequest(minimal({ tools, tool_choice: 'required' })).request.toolChoice).toEqual({ type: 'required' });
    const forced = decodeResponsesRequest(minimal({ tools, tool_choice: { type: 'function', name: 'b' } })).request;
    expect(forced.toolChoice).toEqual({ type: 'tool', toolName: 'b' });
    expect(forced.tools?.[0]).toEqual({ name: 'a', parameters: { type: 'object', properties: {} } });
    const allowed = decodeResponsesRequest(
      minimal({ tools, tool_choice: { type: 'allowed_tools', mode: 'required', tools: [{ type: 'function', name: 'b' }, { type: 'mcp', server_label: 'x' }] } }),
    ).request;
    expect(allowed.toolChoice).toEqual({ type: 'required' });
    expect(allowed.tools?.map((tool) => tool.name)).toEqual(['b']);
  });

  it('decodes custom tools, their calls and outputs, and a forced custom tool', () => {
    const { request, warnings } = decodeResponsesRequest(
      minimal({
        tools: [
          { type: 'custom', name: 'sql', description: 'Runs SQL.', format: { type: 'grammar', syntax: 'regex', definition: 'SELECT .+' } },
          { type: 'custom', name: 'note' },
        ],
        tool_choice: { type: 'custom', name: 'note' },
        input: [
          { type: 'custom_tool_call', id: 'ctc_1', status: 'completed', call_id: 'c1', name: 'sql', input: 'SELECT "a\\b"' },
          { type: 'custom_tool_call_output', id: 'ctco_1', call_id: 'c1', output: [{ type: 'input_text', text: '1 row' }] },
        ],
      }),
    );
    expect(request.tools).toEqual([
      expect.objectContaining({
        name: 'sql',
        description: 'Runs SQL.\n\nInput format: put the raw text (not JSON) in the "input" argument; it must match this regular expression.\n<grammar syntax="regex">\nSELECT .+\n</grammar>',
      }),
      expect.objectContaining({ name: 'note', parameters: expect.objectContaining({ required: ['input'] }) }),
    ]);
    expect(request.tools?.[1]).not.toHaveProperty('description');
    expect(request.toolChoice).toEqual({ type: 'tool', toolName: 'note' });
    expect(request.messages).toEqual([
      { role: 'assistant', content: [{ type: 'tool-call', toolCallId: 'c1', toolName: 'sql', argumentsJson: '{"input":"SELECT \\"a\\\\b\\""}' }] },
      { role: 'tool', content: [{ type: 'tool-result', toolCallId: 'c1', content: [text('1 row')] }] },
    ]);
    expect(JSON.parse((request.messages[0]?.content[0] as { argumentsJson: string }).argumentsJson)).toEqual({ input: 'SELECT "a\\b"' });
    expect(warnings.map((warning) => warning.type === 'unsupported-setting' && warning.setting)).toEqual(['tools[0].format']);
  });

  it('names namespaced tools and calls <namespace>__<name>, and drops a namespaced name already taken', () => {
    const { request, warnings } = decodeResponsesRequest(
      minimal({
        tools: [
          {
            type: 'namespace',
            name: 'crm',
            description: 'CRM tools.',
            tools: [
              { type: 'function', name: 'lookup', parameters: { type: 'object' }, defer_loading: true },
              { type: 'custom', name: 'query' },
              { type: 'function', name: 'taken' },
              { type: 'web_search' },
            ],
          },
          { type: 'function', name: 'crm__taken' },
        ],
        tool_choice: { type: 'allowed_tools', mode: 'auto', tools: [{ type: 'function', name: 'lookup', namespace: 'crm' }, { type: 'custom', name: 'query', namespace: 'crm' }] },
        input: [
          { type: 'function_call', call_id: 'c1', name: 'lookup', namespace: 'crm', arguments: '{}' },
          { type: 'custom_tool_call', call_id: 'c2', name: 'query', namespace: 'crm', input: 'x' },
          { type: 'tool_search_call', call_id: 'ts', execution: 'client', arguments: { query: 'crm' } },
          { type: 'tool_search_output', call_id: 'ts', execution: 'client', tools: [] },
        ],
      }),
    );
    expect(request.tools?.map((tool) => tool.name)).toEqual(['crm__lookup', 'crm__query']);
    expect(request.toolChoice).toEqual({ type: 'auto' });
    expect(request.messages).toEqual([
      {
        role: 'assistant',
        content: [
          { type: 'tool-call', toolCallId: 'c1', toolName: 'crm__lookup', argumentsJson: '{}' },
          { type: 'tool-call', toolCallId: 'c2', toolName: 'crm__query', argumentsJson: '{"input":"x"}' },
        ],
      },
    ]);
    expect(warnings).toEqual([
      { type: 'unsupported-setting', setting: 'input[2]', detail: '"tool_search_call" records a tool search; dropped from the history' },
      { type: 'unsupported-setting', setting: 'input[3]', detail: '"tool_search_output" records a tool search; dropped from the history' },
      { type: 'unsupported-setting', setting: 'tools[0].tools[2]', detail: 'the name "crm__taken" is already taken by another tool; dropped' },
      { type: 'unsupported-setting', setting: 'tools[0].tools[3]', detail: '"web_search" is an OpenAI-hosted tool that other providers cannot run; dropped' },
    ]);
  });

  it('leaves out tools and tool_choice when only dropped tools remain', () => {
    const { request, warnings } = decodeResponsesRequest(minimal({ tools: [{ type: 'file_search', vector_store_ids: ['vs_1'] }], tool_choice: 'auto' }));
    expect(request.tools).toBeUndefined();
    expect(request.toolChoice).toBeUndefined();
    expect(warnings).toHaveLength(1);
  });

  it('reads empty instructions as none', () => {
    expect(decodeResponsesRequest(minimal({ instructions: '' })).request.messages).toEqual([{ role: 'user', content: [text('hi')] }]);
  });

  it('continues from previous_response_id without input', () => {
    const { request } = decodeResponsesRequest({ model: 'gpt-4.1', previous_response_id: 'resp_1', instructions: 'Be brief.' });
    expect(request.messages).toEqual([{ role: 'system', content: [text('Be brief.')] }]);
    expect(request.passthrough?.fields).toEqual({ previous_response_id: 'resp_1' });
  });

  it.each([
    ['a body that is not an object', 'nope', 'body', 'expected object'],
    ['a missing model', { input: 'hi' }, 'model', 'is required'],
    ['an empty model', minimal({ model: '' }), 'model', 'must not be empty'],
    ['a missing input', { model: 'm' }, 'input', 'is required'],
    ['a wrong input type', minimal({ input: 42 }), 'input', 'expected a string or an array of input items'],
    ['an input item that is not an object', minimal({ input: ['hi'] }), 'input[0]', 'expected object'],
    ['an unknown role', minimal({ input: [{ role: 'tool', content: 'x' }] }), 'input[0].role', 'expected one of user, assistant, system, developer'],
    ['a bad content part', minimal({ input: [{ role: 'user', content: [{ type: 'input_audio' }] }] }), 'input[0].content[0].type', 'expected one of input_text'],
    ['an image in a system message', minimal({ input: [{ role: 'developer', content: [{ type: 'input_image', image_url: 'https://x/y.png' }] }] }), 'input[0].content[0].type', 'not allowed in system messages'],
    ['an uploaded image reference', minimal({ input: [{ role: 'user', content: [{ type: 'input_image', file_id: 'file_1' }] }] }), 'input[0].content[0].file_id', 'uploaded file references are not supported'],
    ['an image without a source', minimal({ input: [{ role: 'user', content: [{ type: 'input_image' }] }] }), 'input[0].content[0].image_url', 'is required'],
    ['an uploaded file reference', minimal({ input: [{ role: 'user', content: [{ type: 'input_file', file_id: 'file_1' }] }] }), 'input[0].content[0].file_id', 'send the content as file_data'],
    ['file data that is not a data URL', minimal({ input: [{ role: 'user', content: [{ type: 'input_file', file_data: 'JVBERi0=' }] }] }), 'input[0].content[0].file_data', 'base64 data: URL'],
    ['an item reference', minimal({ input: [{ type: 'item_reference', id: 'msg_1' }] }), 'input[0]', 'item_reference is not supported'],
    ['a local shell call', minimal({ input: [{ type: 'local_shell_call', call_id: 'c', action: {} }] }), 'input[0].type', '"local_shell_call" items are not supported'],
    ['a custom tool call without input', minimal({ input: [{ type: 'custom_tool_call', call_id: 'c', name: 'apply_patch' }] }), 'input[0].input', 'is required'],
    ['a custom tool without name', minimal({ tools: [{ type: 'custom', format: { type: 'text' } }] }), 'tools[0].name', 'is required'],
    ['a namespace without tools', minimal({ tools: [{ type: 'namespace', name: 'crm' }] }), 'tools[0].tools', 'is required'],
    ['a namespaced function without name', minimal({ tools: [{ type: 'namespace', name: 'crm', tools: [{ type: 'function' }] }] }), 'tools[0].tools[0].name', 'is required'],
    ['a forced unknown custom tool', minimal({ tools: [{ type: 'function', name: 'a' }], tool_choice: { type: 'custom', name: 'a_patch' } }), 'tool_choice.name', 'no custom tool named "a_patch"'],
    ['a function call without call_id', minimal({ input: [{ type: 'function_call', name: 'f', arguments: '{}' }] }), 'input[0].call_id', 'is required'],
    ['a function output with a bad output', minimal({ input: [{ type: 'function_call_output', call_id: 'c', output: 3 }] }), 'input[0].output', 'expected a string or an array'],
    ['a function tool without name', minimal({ tools: [{ type: 'function', parameters: {} }] }), 'tools[0].name', 'is required'],
    ['a forced hosted tool', minimal({ tools: [{ type: 'web_search' }], tool_choice: { type: 'web_search_preview' } }), 'tool_choice.type', 'forcing the "web_search_preview" tool is not supported'],
    ['a forced unknown function', minimal({ tools: [{ type: 'function', name: 'a' }], tool_choice: { type: 'function', name: 'b' } }), 'tool_choice.name', 'no function tool named "b"'],
    ['required without function tools', minimal({ tools: [{ type: 'web_search' }], tool_choice: 'required' }), 'tool_choice', 'needs at least one function tool'],
    ['a json_schema format without schema', minimal({ text: { format: { type: 'json_schema', name: 's' } } }), 'text.format.schema', 'is required'],
    ['a non-integer max_output_tokens', minimal({ max_output_tokens: 1.5 }), 'max_output_tokens', 'int'],
    ['non-string metadata', minimal({ metadata: { a: 1 } }), 'metadata.a', 'expected string'],
    ['background mode', minimal({ background: true }), 'background', 'background responses are not supported'],
    ['a conversation object', minimal({ conversation: 'conv_1' }), 'conversation', 'continue with previous_response_id'],
    ['a stored prompt', minimal({ prompt: { id: 'pmpt_1' } }), 'prompt', 'stored prompt templates are not supported'],
  ])('refuses %s with a 400 naming the field', (_name, body, param, message) => {
    const error = decodeError(body);
    expect(error.code).toBe('GW_INVALID_REQUEST');
    expect(error.status).toBe(400);
    expect(error.param).toBe(param);
    expect(error.message).toContain(message);
    expect(error.message.startsWith(`${param}: `)).toBe(true);
  });

  it('accepts background: false and null conversation fields', () => {
    expect(decodeResponsesRequest(minimal({ background: false, conversation: null })).request.messages).toHaveLength(1);
  });
});
