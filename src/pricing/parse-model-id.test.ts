import { describe, expect, it } from 'vitest';
import { parseModelId } from './parse-model-id.js';

describe('parseModelId', () => {
  it('splits a catalog vendor prefix, including hub spellings', () => {
    expect(parseModelId('OpenAI/GPT-4o')).toEqual({ full: 'openai/gpt-4o', prefixVendor: 'openai', rest: 'gpt-4o' });
    expect(parseModelId('x-ai/grok-4')).toEqual({ full: 'x-ai/grok-4', prefixVendor: 'xai', rest: 'grok-4' });
    expect(parseModelId('meta-llama/llama-3.3-70b')).toEqual({ full: 'meta-llama/llama-3.3-70b', rest: 'meta-llama/llama-3.3-70b' });
  });

  it('reduces Bedrock ids to the maker and model', () => {
    const id = parseModelId('apac.anthropic.claude-sonnet-4-20250514-v1:0');
    expect(id).toEqual({ full: 'claude-sonnet-4-20250514', prefixVendor: 'anthropic', rest: 'claude-sonnet-4-20250514' });
    expect(parseModelId('meta.llama3-3-70b-instruct-v1:0')).toEqual({ full: 'llama3-3-70b-instruct', rest: 'llama3-3-70b-instruct' });
  });

  it('drops Vertex version pins and resource paths', () => {
    expect(parseModelId('claude-sonnet-4-5@20250929')?.full).toBe('claude-sonnet-4-5');
    expect(parseModelId('publishers/google/models/gemini-2.5-pro')?.full).toBe('gemini-2.5-pro');
  });

  it('refuses ids that must not take a list price', () => {
    expect(parseModelId('  ')).toBeUndefined();
    expect(parseModelId('ft:gpt-4o-mini-2024-07-18:acme::x')).toBeUndefined();
  });

  it('leaves dotted model names alone', () => {
    expect(parseModelId('gpt-4.1')).toEqual({ full: 'gpt-4.1', rest: 'gpt-4.1' });
    expect(parseModelId('embed-v4.0')).toEqual({ full: 'embed-v4.0', rest: 'embed-v4.0' });
  });
});
