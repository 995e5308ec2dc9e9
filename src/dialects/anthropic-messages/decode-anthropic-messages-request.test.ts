import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ChatMessage, ContentPart } from '../../core/chat-request.js';
import { GatewayError } from '../../core/errors.js';
import type { Warning } from '../../core/warning.js';
import { decodeAnthropicMessagesRequest } from './decode-anthropic-messages-request.js';
import { redactedThinkingSignature } from './redacted-thinking-signature.js';

const claudeCodeBody: unknown = JSON.parse(readFileSync(new URL('./__fixtures__/surface-claude-code.request.json', import.meta.url), 'utf8'));

function decodeError(body: unknown): GatewayError {
  try {
    decodeAnthropicMessagesRequest(body);
  } catch (error) {
    if (error instanceof GatewayError) return error;
    throw error;
  }
  throw new Error('expected decodeAnthropicMessagesRequest to throw');
}

const minimal = (extra: Record<string, unknown> = {}) => ({
  model: 'claude-sonnet-4-5',
  max_tokens: 1024,
  messages: [{ role: 'user', content: 'hi' }],
  ...extra,
});

const text = (value: string): ContentPart => ({ type: 'text', text: value });

describe('decodeAnthropicMessagesRequest', () => {
  it('decodes a Claude Code request: cached system blocks, ten tools, a tool round trip and thinking', () => {
    const request = decodeAnthropicMessagesRequest(claudeCodeBody);
    expect(request.model).toBe('claude-sonnet-4-5-20250929');
    expect(request.stream).toBe(true);
    expect(request.streamUsage).toBe(true);
    expect(request.sampling).toStrictEqual({ maxOutputTokens: 32000, temperature: 1 });
    expect(request.user).toBe('user_3f9a1c0d2b_account__session_6b0c1e7a-5d2f-4e8b-9a3c-1f2e3d4c5b6a');
    expect(request.reasoningEffort).toBe('high');
    expect(request.passthrough).toStrictEqual({ dialect: 'anthropic-messages', fields: { thinking: { type: 'enabled', budget_tokens: 31999 } } });
    expect(request.tools?.map((tool) => tool.name)).toStrictEqual([
      'Task', 'Bash', 'Glob', 'Grep', 'Read', 'Edit', 'Write', 'WebFetch', 'TodoWrite', 'WebSearch',
    ]);
    expect(request.tools?.[1]).toMatchObject({
      name: 'Bash',
      description: 'Executes a given bash command in a persistent shell session with optional timeout.',
      parameters: { type: 'object', required: ['command'], additionalProperties: false },
    });
    const expected: ChatMessage[] = [
      {
        role: 'system',
        content: [
          text("You are Claude Code, Anthropic's official CLI for Claude."),
          expect.objectContaining({ type: 'text', text: expect.stringContaining('interactive CLI tool') }),
        ],
      } as ChatMessage,
      { role: 'user', content: [expect.objectContaining({ type: 'text' }), text('The cart total test fails, can you fix it?')] } as ChatMessage,
      {
        role: 'assistant',
        content: [
          { type: 'reasoning', text: 'I should run the test suite first to see the failure.', signature: 'EqQBCkYIBxgCKkBsig0001==' },
          text('Let me run the tests to see the failure.'),
          { type: 'tool-call', toolCallId: 'toolu_01A9pQm3TestRun', toolName: 'Bash', argumentsJson: '{"command":"npm test -- cart","description":"Run the cart tests"}' },
        ],
      } as ChatMessage,
      {
        role: 'tool',
        content: [{ type: 'tool-result', toolCallId: 'toolu_01A9pQm3TestRun', content: 'FAIL src/cart.test.ts\n  expected 30, received 27', isError: false }],
      },
      {
        role: 'assistant',
        content: [
          { type: 'tool-call', toolCallId: 'toolu_01B7ReadCart', toolName: 'Read', argumentsJson: '{"file_path":"/home/dev/shop/src/cart.ts"}' },
          {
            type: 'tool-call',
            toolCallId: 'toolu_01C2GrepDiscount',
            toolName: 'Grep',
            argumentsJson: '{"pattern":"discount","path":"/home/dev/shop/src","output_mode":"content","-n":true}',
          },
        ],
      },
      { role: 'tool', content: [{ type: 'tool-result', toolCallId: 'toolu_01B7ReadCart', content: [expect.objectContaining({ type: 'text' })] }] } as ChatMessage,
      { role: 'tool', content: [{ type: 'tool-result', toolCallId: 'toolu_01C2GrepDiscount', content: 'ripgrep: no matches', isError: true }] },
      { role: 'user', content: [text('Also keep the function name.')] },
    ];
    expect(request.messages).toStrictEqual(expected);
    // Prompt-cache hints have no canonical place and never leak into parts or tools.
    expect(JSON.stringify(request)).not.toContain('cache_control');
  });

  it('reports each dropped block or tool detail once, as a warning', () => {
    const warnings: Warning[] = [];
    decodeAnthropicMessagesRequest(claudeCodeBody, warnings);
    expect(warnings).toStrictEqual([
      { type: 'unsupported-setting', setting: 'cache_control', detail: 'prompt-cache hints on blocks are not carried through translation' },
    ]);
    const more: Warning[] = [];
    decodeAnthropicMessagesRequest(
      minimal({
        messages: [
          {
            role: 'user',
            content: [
              { type: 'text', text: 'a', citations: null },
              { type: 'document', context: 'from the wiki', citations: { enabled: true }, source: { type: 'text', data: 'x' } },
            ],
          },
          { role: 'assistant', content: [{ type: 'text', text: 'b', citations: [] }] },
        ],
        tools: [{ name: 'f', input_schema: {}, input_examples: [{}], defer_loading: false, allowed_callers: ['code_execution_20250825'] }],
      }),
      more,
    );
    expect(more.map((warning) => (warning.type === 'unsupported-setting' ? warning.setting : ''))).toStrictEqual([
      'context',
      'citations',
      'input_examples',
      'allowed_callers',
    ]);
  });

  it('maps tool_choice, stop sequences, top_p and keeps unmodelled fields verbatim', () => {
    const request = decodeAnthropicMessagesRequest(
      minimal({
        tool_choice: { type: 'any', disable_parallel_tool_use: true },
        tools: [{ name: 'f', input_schema: { type: 'object' }, strict: true, cache_control: { type: 'ephemeral' } }],
        top_p: 0.9,
        top_k: 40,
        stop_sequences: ['END'],
        service_tier: 'standard_only',
        container: 'container_1',
        mcp_servers: [{ type: 'url', url: 'https://mcp.example.com', name: 'x' }],
        cache_control: { type: 'ephemeral' },
        metadata: { user_id: null, tenant: 'acme' },
      }),
    );
    expect(request.toolChoice).toStrictEqual({ type: 'required' });
    expect(request.parallelToolCalls).toBe(false);
    expect(request.tools).toStrictEqual([{ name: 'f', parameters: { type: 'object' }, strict: true }]);
    expect(request.sampling).toStrictEqual({ maxOutputTokens: 1024, topP: 0.9, stop: ['END'] });
    expect(request.user).toBeUndefined();
    expect(request.streamUsage).toBeUndefined();
    expect(request.passthrough?.fields).toStrictEqual({
      top_k: 40,
      service_tier: 'standard_only',
      container: 'container_1',
      mcp_servers: [{ type: 'url', url: 'https://mcp.example.com', name: 'x' }],
      cache_control: { type: 'ephemeral' },
      metadata: { tenant: 'acme' },
    });
    expect(decodeAnthropicMessagesRequest(minimal({ tool_choice: { type: 'tool', name: 'f' } })).toolChoice).toStrictEqual({ type: 'tool', toolName: 'f' });
    expect(decodeAnthropicMessagesRequest(minimal({ tool_choice: { type: 'none' } })).toolChoice).toStrictEqual({ type: 'none' });
    const auto = decodeAnthropicMessagesRequest(minimal({ tool_choice: { type: 'auto', disable_parallel_tool_use: false } }));
    expect(auto.toolChoice).toStrictEqual({ type: 'auto' });
    expect(auto.parallelToolCalls).toBeUndefined();
    expect(decodeAnthropicMessagesRequest(minimal()).passthrough).toBeUndefined();
  });

  it('maps the thinking budget to an effort and prefers an explicit output_config.effort', () => {
    const effort = (extra: Record<string, unknown>) => decodeAnthropicMessagesRequest(minimal(extra)).reasoningEffort;
    expect(effort({ thinking: { type: 'enabled', budget_tokens: 1024 } })).toBe('low');
    expect(effort({ thinking: { type: 'enabled', budget_tokens: 2048 } })).toBe('low');
    expect(effort({ thinking: { type: 'enabled', budget_tokens: 2049 } })).toBe('medium');
    expect(effort({ thinking: { type: 'enabled', budget_tokens: 8192 } })).toBe('medium');
    expect(effort({ thinking: { type: 'enabled', budget_tokens: 8193 } })).toBe('high');
    expect(effort({ thinking: { type: 'disabled' } })).toBeUndefined();
    expect(effort({ thinking: { type: 'adaptive' } })).toBeUndefined();
    expect(effort({ thinking: { type: 'adaptive' }, output_config: { effort: 'max' } })).toBe('max');
    const request = decodeAnthropicMessagesRequest(minimal({ thinking: { type: 'adaptive', display: 'omitted' } }));
    expect(request.passthrough?.fields).toStrictEqual({ thinking: { type: 'adaptive', display: 'omitted' } });
  });

  it('reads output_config.format as a strict JSON schema and keeps the rest of output_config', () => {
    const schema = { type: 'object', properties: { answer: { type: 'string' } } };
    const request = decodeAnthropicMessagesRequest(minimal({ output_config: { format: { type: 'json_schema', schema } } }));
    expect(request.responseFormat).toStrictEqual({ type: 'json-schema', name: 'output', schema, strict: true });
    expect(request.passthrough).toBeUndefined();
    const withEffort = decodeAnthropicMessagesRequest(minimal({ output_config: { effort: 'low', format: { type: 'json_schema', schema } } }));
    expect(withEffort.passthrough?.fields).toStrictEqual({ output_config: { effort: 'low' } });
    expect(withEffort.reasoningEffort).toBe('low');
  });

  it('decodes media, documents, redacted thinking, system turns and splits tool results in order', () => {
    const request = decodeAnthropicMessagesRequest(
      minimal({
        system: 'Be brief.',
        messages: [
          {
            role: 'user',
            content: [
              { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' } },
              { type: 'image', source: { type: 'url', url: 'https://example.com/a.jpg' } },
              { type: 'document', title: 'spec.pdf', source: { type: 'base64', media_type: 'application/pdf', data: 'JVBERi0xLjQK' } },
              { type: 'document', source: { type: 'url', url: 'https://example.com/b.pdf' } },
              { type: 'document', source: { type: 'text', media_type: 'text/plain', data: 'hello' } },
            ],
          },
          {
            role: 'assistant',
            content: [
              { type: 'redacted_thinking', data: 'EmwKAhgBEgy3va==' },
              { type: 'thinking', thinking: '', signature: 'sig-omitted' },
              { type: 'tool_use', id: 'toolu_1', name: 'f', input: {} },
            ],
          },
          {
            role: 'user',
            content: [
              text('before'),
              { type: 'tool_result', tool_use_id: 'toolu_1' },
              { type: 'tool_result', tool_use_id: 'toolu_1', content: [{ type: 'image', source: { type: 'url', url: 'https://example.com/c.png' } }] },
              text('after'),
            ],
          },
          { role: 'system', content: [text('Now switch to French.')] },
          { role: 'assistant', content: 'Bonjour' },
        ],
      }),
    );
    expect(request.messages).toStrictEqual([
      { role: 'system', content: [text('Be brief.')] },
      {
        role: 'user',
        content: [
          { type: 'image', source: { type: 'base64', mediaType: 'image/png', data: 'iVBORw0KGgo=' } },
          { type: 'image', source: { type: 'url', url: 'https://example.com/a.jpg' } },
          {
            type: 'file',
            mediaType: 'application/pdf',
            source: { type: 'base64', mediaType: 'application/pdf', data: 'JVBERi0xLjQK' },
            filename: 'spec.pdf',
          },
          { type: 'file', mediaType: 'application/pdf', source: { type: 'url', url: 'https://example.com/b.pdf' } },
          { type: 'file', mediaType: 'text/plain', source: { type: 'base64', mediaType: 'text/plain', data: 'aGVsbG8=' } },
        ],
      },
      {
        role: 'assistant',
        content: [
          { type: 'reasoning', text: '', signature: redactedThinkingSignature('EmwKAhgBEgy3va==') },
          { type: 'reasoning', text: '', signature: 'sig-omitted' },
          { type: 'tool-call', toolCallId: 'toolu_1', toolName: 'f', argumentsJson: '{}' },
        ],
      },
      { role: 'user', content: [text('before')] },
      { role: 'tool', content: [{ type: 'tool-result', toolCallId: 'toolu_1', content: '' }] },
      {
        role: 'tool',
        content: [{ type: 'tool-result', toolCallId: 'toolu_1', content: [{ type: 'image', source: { type: 'url', url: 'https://example.com/c.png' } }] }],
      },
      { role: 'user', content: [text('after')] },
      { role: 'system', content: [text('Now switch to French.')] },
      { role: 'assistant', content: [text('Bonjour')] },
    ]);
  });

  it.each([
    [{ model: 'm', messages: [{ role: 'user', content: 'hi' }] }, 'max_tokens', 'max_tokens: is required (expected a positive integer)'],
    [minimal({ max_tokens: 0 }), 'max_tokens', 'max_tokens: must be a positive integer'],
    [minimal({ max_tokens: 12.5 }), 'max_tokens', 'max_tokens: must be a positive integer'],
    [minimal({ max_tokens: '100' }), 'max_tokens', 'max_tokens: expected a positive integer'],
    [minimal({ model: '' }), 'model', 'model: must not be empty'],
    [minimal({ messages: [] }), 'messages', 'messages: must contain at least one message'],
    [minimal({ messages: [{ role: 'tool', content: 'x' }] }), 'messages[0].role', 'messages[0].role: "tool" is not supported here (expected one of user, assistant, system)'],
    [
      minimal({ messages: [{ role: 'user', content: [{ type: 'tool_use', id: 'a', name: 'f', input: {} }] }] }),
      'messages[0].content[0].type',
      'messages[0].content[0].type: "tool_use" is not supported here (expected one of text, image, document, tool_result)',
    ],
    [
      minimal({ messages: [{ role: 'assistant', content: [{ type: 'server_tool_use', id: 'srvtoolu_1', name: 'web_search', input: {} }] }] }),
      'messages[0].content[0].type',
      'messages[0].content[0].type: "server_tool_use" is not supported here (expected one of text, thinking, redacted_thinking, tool_use)',
    ],
    [minimal({ messages: [{ role: 'user', content: [{ type: 'text' }] }] }), 'messages[0].content[0].text', 'messages[0].content[0].text: is required (expected string)'],
    [
      minimal({ messages: [{ role: 'assistant', content: [{ type: 'tool_use', id: 'a', name: 'f', input: 'x' }] }] }),
      'messages[0].content[0].input',
      'messages[0].content[0].input: expected an object',
    ],
    [
      minimal({ messages: [{ role: 'user', content: [{ type: 'image', source: { type: 'file', file_id: 'file_1' } }] }] }),
      'messages[0].content[0].source.type',
      'messages[0].content[0].source.type: Files API references ("file") cannot be translated; send the image as base64 or url',
    ],
    [
      minimal({ messages: [{ role: 'user', content: [{ type: 'document', source: { type: 'content', content: 'x' } }] }] }),
      'messages[0].content[0].source.type',
      'messages[0].content[0].source.type: custom-content documents ("content") cannot be translated; send their text and images as blocks',
    ],
    [minimal({ system: 42 }), 'system', 'system: expected a string or an array of text blocks'],
    [minimal({ tools: [{ name: 'f' }] }), 'tools[0].input_schema', 'tools[0].input_schema: is required (expected a JSON Schema object)'],
    [minimal({ tool_choice: { type: 'function' } }), 'tool_choice.type', 'tool_choice.type: "function" is not supported here (expected one of auto, any, tool, none)'],
    [minimal({ tool_choice: { type: 'tool' } }), 'tool_choice.name', 'tool_choice.name: is required (expected string)'],
    [minimal({ thinking: { type: 'enabled' } }), 'thinking.budget_tokens', 'thinking.budget_tokens: is required when thinking.type is "enabled"'],
    [minimal({ temperature: 'hot' }), 'temperature', 'temperature: expected number, received string'],
    [minimal({ output_config: { format: { type: 'regex', schema: {} } } }), 'output_config.format.type', 'output_config.format.type: expected "json_schema"'],
  ])('refuses an invalid body naming the param (%#)', (body, param, message) => {
    const error = decodeError(body);
    expect(error.code).toBe('GW_INVALID_REQUEST');
    expect(error.status).toBe(400);
    expect(error.param).toBe(param);
    expect(error.message).toBe(message);
  });

  it.each(['web_search_20250305', 'bash_20250124', 'text_editor_20250728', 'computer_20250124', 'code_execution_20250825'])(
    'refuses the Anthropic-defined tool %s with an explanation',
    (type) => {
      const error = decodeError(minimal({ tools: [{ name: 'f', input_schema: { type: 'object' } }, { type, name: 'builtin' }] }));
      expect(error.param).toBe('tools[1].type');
      expect(error.message).toContain(`"${type}" is an Anthropic-defined tool`);
      expect(error.message).toContain('cannot be translated');
    },
  );

  it('accepts custom tools that say so, and nulls where the SDKs send them', () => {
    const request = decodeAnthropicMessagesRequest(
      minimal({ tools: [{ type: 'custom', name: 'f', description: null, input_schema: { type: 'object' } }], system: null, stream: null, temperature: null }),
    );
    expect(request.tools).toStrictEqual([{ name: 'f', parameters: { type: 'object' } }]);
    expect(request.stream).toBe(false);
    expect(request.messages).toHaveLength(1);
  });

  it('only ever throws GatewayErrors on hostile input', () => {
    for (const body of [null, 42, 'x', [], { messages: 'x' }, minimal({ messages: [null] }), minimal({ messages: [{ role: 'user', content: [42] }] })]) {
      expect(decodeError(body)).toBeInstanceOf(GatewayError);
    }
  });
});
