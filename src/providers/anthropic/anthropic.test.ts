import { describe, expect, it } from 'vitest';
import { parseConfigText } from '../../config/index.js';
import { anthropicAdapter } from './index.js';

const connection = (extra = '') =>
  parseConfigText(`providers: { claude: { type: anthropic, api_key: sk-ant-test${extra} } }`, { source: 't', env: {}, version: 1, now: 0 }).providers.get('claude')!;

describe('anthropic endpoint', () => {
  it('posts to /v1/messages with the key in x-api-key and the default API version', () => {
    expect(anthropicAdapter.endpoint!(connection(), 'chat', 'claude-sonnet-4-20250514', false)).toStrictEqual({
      url: 'https://api.anthropic.com/v1/messages',
      headers: { 'anthropic-version': '2023-06-01', 'x-api-key': 'sk-ant-test' },
    });
  });

  it('honours base_url, version and extra headers such as anthropic-beta', () => {
    const configured = connection(', base_url: "https://proxy.example/v1/", version: "2024-01-01", headers: { anthropic-beta: "x-2025" }');
    expect(anthropicAdapter.endpoint!(configured, 'chat', 'm', true)).toStrictEqual({
      url: 'https://proxy.example/v1/messages',
      headers: { 'anthropic-version': '2024-01-01', 'anthropic-beta': 'x-2025', 'x-api-key': 'sk-ant-test' },
    });
  });

  it('offers no embeddings and speaks anthropic-messages, with a chat passthrough', () => {
    expect(anthropicAdapter.endpoint!(connection(), 'embeddings', 'm', false)).toBeUndefined();
    expect(anthropicAdapter.dialect?.id).toBe('anthropic-messages');
    expect(anthropicAdapter.passthrough?.chat).toBeDefined();
    expect(anthropicAdapter.passthrough?.embeddings).toBeUndefined();
  });
});
