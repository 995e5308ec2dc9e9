import { describe, expect, it } from 'vitest';
import { countPromptTokens, IMAGE_TOKENS } from './count-prompt-tokens.js';

describe('countPromptTokens', () => {
  it('counts message text with a real tokenizer, not the JSON around it', async () => {
    // "hello world" is two o200k tokens; roles, model and settings are not prompt text.
    expect(await countPromptTokens({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hello world' }], temperature: 1 })).toBe(2);
  });

  it('counts system prompts, content parts, tool schemas and Responses input', async () => {
    const anthropic = { system: 'hello world', messages: [{ role: 'user', content: [{ type: 'text', text: 'hello world' }] }] };
    expect(await countPromptTokens(anthropic)).toBe(4);
    const withTools = { messages: [], tools: [{ type: 'function', function: { name: 'get_weather', description: 'hello world' } }] };
    expect(await countPromptTokens(withTools)).toBeGreaterThanOrEqual(4);
    expect(await countPromptTokens({ input: 'hello world', instructions: 'hello world' })).toBe(4);
  });

  it('counts an image at a flat rate, not its base64 bytes', async () => {
    const data = `data:image/png;base64,${'A'.repeat(200_000)}`;
    const body = { messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: data } }] }] };
    expect(await countPromptTokens(body)).toBe(IMAGE_TOKENS);
    const anthropic = { messages: [{ role: 'user', content: [{ type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'A'.repeat(5000) } }] }] };
    expect(await countPromptTokens(anthropic)).toBe(IMAGE_TOKENS);
  });

  it('survives hostile shapes', async () => {
    let deep: unknown = 'x';
    for (let level = 0; level < 1000; level += 1) deep = [deep];
    await expect(countPromptTokens({ messages: deep })).resolves.toBeTypeOf('number');
    expect(await countPromptTokens({ messages: 42, input: null })).toBe(0);
  });
});
