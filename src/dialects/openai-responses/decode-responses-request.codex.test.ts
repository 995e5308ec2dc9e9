import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeResponsesRequest } from './decode-responses-request.js';

/*
 * Bodies the Codex CLI (0.169.0) sent to a recording server, trimmed (long prompt and
 * description texts cut; the apply_patch grammar kept whole): a turn after an apply_patch
 * edit (`custom` tool, `custom_tool_call` and its output, `tool_search`, `web_search`), the
 * fallback-model tool list with a `namespace` group, and a turn replaying an encrypted
 * reasoning item with its function call.
 */
const fixture = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8')) as Record<string, unknown>;

const APPLY_PATCH_GRAMMAR = (fixture('codex-apply-patch.request.json').tools as { name?: string; format?: { definition: string } }[]).find(
  (tool) => tool.name === 'apply_patch',
)!.format!.definition;

describe('decodeResponsesRequest on Codex CLI requests', () => {
  it('offers apply_patch as a one-string function and decodes the custom tool call and its output', () => {
    const { request, warnings } = decodeResponsesRequest(fixture('codex-apply-patch.request.json'));
    expect(request.tools?.map((tool) => tool.name)).toEqual([
      'exec_command',
      'write_stdin',
      'request_user_input',
      'apply_patch',
      'view_image',
      'get_goal',
      'create_goal',
      'update_goal',
    ]);
    expect(request.tools?.[3]).toEqual({
      name: 'apply_patch',
      description:
        'The `apply_patch` tool can be used to edit files. This is a FREEFORM tool, so do not wrap the patch in JSON.\n\n' +
        'Input format: put the raw text (not JSON) in the "input" argument; it must follow this lark grammar.\n' +
        `<grammar syntax="lark">\n${APPLY_PATCH_GRAMMAR.trimEnd()}\n</grammar>`,
      parameters: {
        type: 'object',
        properties: { input: { type: 'string', description: 'The raw input of this free-form tool, as plain text (not JSON).' } },
        required: ['input'],
        additionalProperties: false,
      },
    });
    expect(request.messages.map((message) => message.role)).toEqual(['system', 'system', 'user', 'user', 'assistant', 'tool']);
    const patch = '*** Begin Patch\n*** Add File: hello.txt\n+hello from switchyard\n*** End Patch\n';
    expect(request.messages[4]?.content).toEqual([
      { type: 'tool-call', toolCallId: 'call_b1ddf6b86946374f76b0367b', toolName: 'apply_patch', argumentsJson: JSON.stringify({ input: patch }) },
    ]);
    expect(request.messages[5]?.content).toEqual([
      {
        type: 'tool-result',
        toolCallId: 'call_b1ddf6b86946374f76b0367b',
        content: 'Exit code: 0\nWall time: 0 seconds\nOutput:\nSuccess. Updated the following files:\nA hello.txt\n',
      },
    ]);
    expect(warnings).toEqual([
      {
        type: 'unsupported-setting',
        setting: 'tools[3].format',
        detail: 'the grammar is shown to the model in the tool description; other providers cannot enforce it',
      },
      {
        type: 'unsupported-setting',
        setting: 'tools[8]',
        detail: '"tool_search" discovers deferred tools; every declared tool is offered directly instead; dropped',
      },
      { type: 'unsupported-setting', setting: 'tools[9]', detail: '"web_search" is an OpenAI-hosted tool that other providers cannot run; dropped' },
    ]);
  });

  it('keeps client_metadata, prompt_cache_key, include and store in passthrough', () => {
    const body = fixture('codex-apply-patch.request.json');
    const { request } = decodeResponsesRequest(body);
    expect(request).toMatchObject({ model: 'gpt-5.5', stream: true, streamUsage: true, parallelToolCalls: true, reasoningEffort: 'medium' });
    expect(request.passthrough).toEqual({
      dialect: 'openai-responses',
      fields: {
        client_metadata: body.client_metadata,
        include: ['reasoning.encrypted_content'],
        prompt_cache_key: '01a201a4-6b5b-7711-82e8-3aaafc2c07cb',
        store: false,
        text: { verbosity: 'low' },
      },
    });
  });

  it('flattens the functions of a namespace tool into <namespace>__<name> tools', () => {
    const { request, warnings } = decodeResponsesRequest(fixture('codex-namespace.request.json'));
    expect(request.tools?.map((tool) => tool.name)).toEqual([
      'exec_command',
      'write_stdin',
      'request_user_input',
      'view_image',
      'multi_agent_v1__close_agent',
      'multi_agent_v1__resume_agent',
      'multi_agent_v1__send_input',
      'multi_agent_v1__spawn_agent',
      'multi_agent_v1__wait_agent',
      'get_goal',
      'create_goal',
      'update_goal',
    ]);
    expect(request.tools?.[4]).toMatchObject({
      parameters: { type: 'object', properties: { target: { type: 'string' } }, required: ['target'] },
      strict: false,
    });
    expect(warnings.map((warning) => warning.type === 'unsupported-setting' && warning.setting)).toEqual(['tools[8]']);
  });

  it('replays an encrypted reasoning item with the function call it led to', () => {
    const { request } = decodeResponsesRequest(fixture('codex-reasoning.request.json'));
    expect(request.messages.slice(4)).toEqual([
      {
        role: 'assistant',
        content: [
          { type: 'reasoning', text: '**Plan** answer briefly', signature: 'b3BhcXVlLXJlYXNvbmluZy1yZXNwXzJkNTNhMmQ0ZjQ3NWYwYTkzNDQ3YTc3Yw==' },
          { type: 'tool-call', toolCallId: 'call_71452d30afc6efc04013b762', toolName: 'exec_command', argumentsJson: '{"cmd":"echo switchyard-tool-ok"}' },
        ],
      },
      {
        role: 'tool',
        content: [
          {
            type: 'tool-result',
            toolCallId: 'call_71452d30afc6efc04013b762',
            content: 'Chunk ID: 436a61\nWall time: 0.0000 seconds\nProcess exited with code 0\nOriginal token count: 5\nOutput:\nswitchyard-tool-ok\n',
          },
        ],
      },
    ]);
  });
});

// The full recordings of the client runs, when this machine has them (see /tmp/clients/REPORT.md).
const RECORDINGS = '/tmp/clients/recordings';
const recorded = existsSync(RECORDINGS)
  ? readdirSync(RECORDINGS)
      .filter((name) => /^codex-.*POST_v1_responses\.json$/.test(name))
      .map((name) => [name, (JSON.parse(readFileSync(`${RECORDINGS}/${name}`, 'utf8')) as { request_body: Record<string, unknown> }).request_body] as const)
  : [];

describe.runIf(recorded.length > 0)('decodeResponsesRequest on every recorded Codex request', () => {
  it.each(recorded)('decodes %s and offers every function and custom tool', (_name, body) => {
    const { request } = decodeResponsesRequest(body);
    const offered = new Set(request.tools?.map((tool) => tool.name));
    for (const tool of body.tools as { type: string; name?: string; tools?: { name: string }[] }[]) {
      if (tool.type === 'function' || tool.type === 'custom') expect(offered).toContain(tool.name);
      for (const inner of tool.tools ?? []) expect(offered).toContain(`${tool.name}__${inner.name}`);
    }
  });
});
