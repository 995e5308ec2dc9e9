import { describe, expect, it } from 'vitest';
import { isAnthropicRefusal } from './anthropic-messages/is-anthropic-refusal.js';
import { isOpenAIChatRefusal } from './openai-chat/is-openai-chat-refusal.js';
import { isResponsesRefusal } from './openai-responses/is-responses-refusal.js';

describe('content refusal detectors (for content_fallbacks)', () => {
  it('spots an OpenAI chat choice stopped by the content filter, and nothing else', () => {
    expect(isOpenAIChatRefusal({ choices: [{ finish_reason: 'stop' }, { finish_reason: 'content_filter' }] })).toBe(true);
    expect(isOpenAIChatRefusal({ choices: [{ finish_reason: 'stop' }] })).toBe(false);
    expect(isOpenAIChatRefusal({ choices: 'junk' })).toBe(false);
    expect(isOpenAIChatRefusal(null)).toBe(false);
  });

  it('spots an Anthropic refusal stop reason', () => {
    expect(isAnthropicRefusal({ stop_reason: 'refusal' })).toBe(true);
    expect(isAnthropicRefusal({ stop_reason: 'end_turn' })).toBe(false);
    expect(isAnthropicRefusal([])).toBe(false);
  });

  it('spots a Responses answer incomplete for content_filter', () => {
    expect(isResponsesRefusal({ status: 'incomplete', incomplete_details: { reason: 'content_filter' } })).toBe(true);
    expect(isResponsesRefusal({ status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' } })).toBe(false);
    expect(isResponsesRefusal({ status: 'completed' })).toBe(false);
  });
});
