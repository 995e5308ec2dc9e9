import { describe, expect, it } from 'vitest';
import { parseConfigText } from '../../config/index.js';
import { azureOpenAIAdapter } from './index.js';

const connection = (extra: string) =>
  parseConfigText(`providers: { az: { type: azure-openai, base_url: "https://res.openai.azure.com/", api_key: k-1${extra} } }`, { source: 't', env: {}, version: 1, now: 0 }).providers.get('az')!;

describe('azure-openai endpoint', () => {
  it('puts the deployment in the path, the api-version in the query and the key in api-key', () => {
    expect(azureOpenAIAdapter.endpoint!(connection(''), 'chat', 'my gpt', false)).toEqual({
      url: 'https://res.openai.azure.com/openai/deployments/my%20gpt/chat/completions?api-version=2024-10-21',
      headers: { 'api-key': 'k-1' },
    });
    expect(azureOpenAIAdapter.endpoint!(connection(', api_version: "2025-01-01-preview"'), 'embeddings', 'emb', false)?.url).toBe(
      'https://res.openai.azure.com/openai/deployments/emb/embeddings?api-version=2025-01-01-preview',
    );
  });

  it('uses the version-less v1 API when asked', () => {
    expect(azureOpenAIAdapter.endpoint!(connection(', api_version: v1'), 'chat', 'gpt', false)?.url).toBe('https://res.openai.azure.com/openai/v1/chat/completions');
  });
});
