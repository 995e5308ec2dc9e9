import { describe, expect, it } from 'vitest';
import type { Warning } from '../../core/warning.js';
import { mistralEmbeddingsQuirks } from './mistral-embeddings-quirks.js';
import { mistralQuirks } from './mistral-quirks.js';

function encode(body: Record<string, unknown>): { body: Record<string, unknown>; warnings: Warning[] } {
  const warnings: Warning[] = [];
  const encoded = mistralQuirks.encodeBody?.(body, { model: 'mistral-large-latest', warnings }) ?? body;
  return { body: encoded, warnings };
}

const settings = (warnings: Warning[]) => warnings.map((warning) => warning.type === 'unsupported-setting' && warning.setting);

describe('mistralQuirks.encodeBody', () => {
  it('renames max_completion_tokens and seed, maps tool_choice required to any, drops stream_options', () => {
    const { body, warnings } = encode({
      model: 'm',
      messages: [],
      max_completion_tokens: 10,
      seed: 42,
      tool_choice: 'required',
      stream: true,
      stream_options: { include_usage: true },
    });
    expect(body).toStrictEqual({ model: 'm', messages: [], max_tokens: 10, random_seed: 42, tool_choice: 'any', stream: true });
    expect(warnings).toStrictEqual([]);
  });

  it('warns when a caller asked not to get usage, since Mistral always sends it', () => {
    expect(settings(encode({ model: 'm', stream_options: { include_usage: false } }).warnings)).toStrictEqual(['stream_options']);
  });

  it('maps tool call ids to 9 letters and digits, the same way in calls and results and across requests', () => {
    const messages = [
      {
        role: 'assistant',
        content: null,
        tool_calls: [
          { id: 'call_Xc9aQ2lK7bT1', type: 'function', function: { name: 'get_weather', arguments: '{}' } },
          { id: 'D681PevKs', type: 'function', function: { name: 'get_time', arguments: '{}' } },
        ],
      },
      { role: 'tool', tool_call_id: 'call_Xc9aQ2lK7bT1', content: 'sunny' },
      { role: 'tool', tool_call_id: 'D681PevKs', content: '12:00' },
    ];
    const first = encode({ model: 'm', messages }).body.messages as Record<string, unknown>[];
    const calls = first[0]?.tool_calls as { id: string }[];
    expect(calls.map((call) => call.id)).toStrictEqual(['JXRKPWdYv', 'D681PevKs']);
    expect(first[1]?.tool_call_id).toBe('JXRKPWdYv');
    expect(first[2]?.tool_call_id).toBe('D681PevKs');
    expect(encode({ model: 'm', messages }).body.messages).toStrictEqual(first);
    expect(messages[1]?.tool_call_id).toBe('call_Xc9aQ2lK7bT1');
  });

  it('never maps two different ids to the same one', () => {
    const ids = Array.from({ length: 500 }, (_, index) => `call_${index}`);
    const messages = ids.map((id) => ({ role: 'tool', tool_call_id: id, content: '' }));
    const mapped = (encode({ model: 'm', messages }).body.messages as { tool_call_id: string }[]).map((message) => message.tool_call_id);
    expect(new Set(mapped).size).toBe(ids.length);
    for (const id of mapped) expect(id).toMatch(/^[a-zA-Z0-9]{9}$/);
  });

  it('drops fields outside Mistral schema with warnings, keeping tool message names', () => {
    const { body, warnings } = encode({
      model: 'm',
      user: 'u-1',
      logprobs: true,
      store: null,
      messages: [
        { role: 'user', name: 'ann', content: 'Hi' },
        { role: 'assistant', content: 'Hello', refusal: null },
        { role: 'tool', tool_call_id: 'abcdefghi', name: 'get_time', content: 'noon' },
      ],
    });
    expect(body).toStrictEqual({
      model: 'm',
      messages: [
        { role: 'user', content: 'Hi' },
        { role: 'assistant', content: 'Hello' },
        { role: 'tool', tool_call_id: 'abcdefghi', name: 'get_time', content: 'noon' },
      ],
    });
    expect(settings(warnings)).toStrictEqual(['messages.name', 'user', 'logprobs']);
  });

  it('leaves bodies it cannot read alone', () => {
    expect(encode({ model: 'm', messages: [null, 'x'] }).body).toStrictEqual({ model: 'm', messages: [null, 'x'] });
  });
});

describe('mistralEmbeddingsQuirks.encodeBody', () => {
  it('sends dimensions as output_dimension and drops user with a warning', () => {
    const warnings: Warning[] = [];
    const body = mistralEmbeddingsQuirks.encodeBody?.({ model: 'mistral-embed', input: ['a'], dimensions: 256, encoding_format: 'float', user: 'u' }, { model: 'mistral-embed', warnings });
    expect(body).toStrictEqual({ model: 'mistral-embed', input: ['a'], output_dimension: 256, encoding_format: 'float' });
    expect(settings(warnings)).toStrictEqual(['user']);
  });
});
