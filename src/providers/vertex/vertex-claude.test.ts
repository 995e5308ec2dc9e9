import { describe, expect, it } from 'vitest';
import { parseConfigText } from '../../config/index.js';
import { vertexAdapter } from './index.js';
import { vertexClaudeDialect, vertexClaudePassthrough } from './vertex-claude.js';

const connection = parseConfigText('providers: { vx: { type: vertex, project: my-proj, location: us-east5, credentials_json: "{}" } }', {
  source: 't',
  env: {},
  version: 1,
  now: 0,
}).providers.get('vx')!;

describe('Claude on Vertex', () => {
  it('calls the anthropic publisher with rawPredict / streamRawPredict', () => {
    expect(vertexAdapter.endpoint!(connection, 'chat', 'claude-sonnet-4-5@20250929', false)?.url).toBe(
      'https://us-east5-aiplatform.googleapis.com/v1/projects/my-proj/locations/us-east5/publishers/anthropic/models/claude-sonnet-4-5@20250929:rawPredict',
    );
    expect(vertexAdapter.endpoint!(connection, 'chat', 'claude-sonnet-4-5', true)?.url).toMatch(/publishers\/anthropic\/models\/claude-sonnet-4-5:streamRawPredict$/);
    expect(vertexAdapter.endpoint!(connection, 'chat', 'gemini-2.5-pro', false)?.url).toMatch(/publishers\/google\/models\/gemini-2\.5-pro:generateContent$/);
  });

  it('speaks Anthropic Messages for Claude models and Gemini for the rest', () => {
    expect(vertexAdapter.dialectFor!('claude-opus-4-1')?.id).toBe('anthropic-messages');
    expect(vertexAdapter.dialectFor!('gemini-2.5-flash')).toBeUndefined();
  });

  it('moves the model to the URL and adds the Vertex version marker, on translation and on passthrough', () => {
    const encoded = vertexClaudeDialect.encodeRequest(
      { model: 'claude-x', messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }], sampling: { maxOutputTokens: 50 }, stream: false },
      { model: 'claude-x' },
    );
    expect(encoded.body).not.toHaveProperty('model');
    expect(encoded.body).toMatchObject({ anthropic_version: 'vertex-2023-10-16', max_tokens: 50, messages: [{ role: 'user' }] });
    const forwarded = vertexClaudePassthrough.prepareBody({ model: 'alias', max_tokens: 10, messages: [], top_k: 3 }, { model: 'claude-x', requestStreamUsage: true });
    expect(forwarded).toEqual({ max_tokens: 10, messages: [], top_k: 3, anthropic_version: 'vertex-2023-10-16' });
  });
});
