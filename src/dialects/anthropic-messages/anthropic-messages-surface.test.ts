import { readFileSync } from 'node:fs';
import { Anthropic } from '@anthropic-ai/sdk';
import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../core/errors.js';
import { SseFrameParser } from '../../upstream/index.js';
import { createAnthropicStreamDecoder } from './anthropic-stream-decoder.js';
import { anthropicMessagesSurface } from './anthropic-messages-surface.js';

const fixture = (name: string) => readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');

async function accumulateWithSdk(sse: string): Promise<Anthropic.Message> {
  const client = new Anthropic({
    apiKey: 'test-key',
    maxRetries: 0,
    fetch: async () => new Response(sse, { status: 200, headers: { 'content-type': 'text/event-stream' } }),
  });
  return client.messages.stream({ model: 'claude', max_tokens: 100, messages: [{ role: 'user', content: 'hi' }] }).finalMessage();
}

/** Anthropic SSE -> the outbound decoder -> this surface's encoder: Anthropic SSE again. */
function reencode(sse: string): string {
  const parser = new SseFrameParser();
  const decoder = createAnthropicStreamDecoder();
  const encoder = anthropicMessagesSurface.createStreamEncoder({ model: 'claude-sonnet-4-20250514', includeUsage: true });
  const frames = [...parser.push(sse), ...parser.end()];
  const events = [...frames.flatMap((frame) => decoder.push(frame)), ...decoder.end()];
  return events.map((event) => encoder.encode(event)).join('') + encoder.end();
}

describe('anthropicMessagesSurface', () => {
  it('is the anthropic-messages surface', () => {
    expect(anthropicMessagesSurface.dialect).toBe('anthropic-messages');
    const request = anthropicMessagesSurface.decodeRequest(JSON.parse(fixture('surface-claude-code.request.json')) as Record<string, unknown>);
    expect(request.messages.filter((message) => message.role === 'tool')).toHaveLength(3);
  });

  it('answers an invalid body with an Anthropic invalid_request_error naming the field', () => {
    let caught: unknown;
    try {
      anthropicMessagesSurface.decodeRequest({ model: 'claude', messages: [{ role: 'user', content: 'hi' }] });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(GatewayError);
    expect(anthropicMessagesSurface.encodeError(caught as GatewayError)).toStrictEqual({
      type: 'error',
      error: { type: 'invalid_request_error', message: 'max_tokens: is required (expected a positive integer)' },
    });
  });

  it.each(['upstream-text.sse', 'upstream-thinking.sse', 'upstream-tools.sse'])(
    'gives a Claude stream (%s) back to an Anthropic client as the SDK read the original',
    async (name) => {
      const original = await accumulateWithSdk(fixture(name));
      const relayed = await accumulateWithSdk(reencode(fixture(name)));
      expect(relayed.content).toStrictEqual(original.content);
      expect(relayed.stop_reason).toBe(original.stop_reason);
      expect(relayed.id).toBe(original.id);
      expect(relayed.usage).toMatchObject({
        input_tokens: original.usage.input_tokens,
        output_tokens: original.usage.output_tokens,
        cache_read_input_tokens: original.usage.cache_read_input_tokens,
      });
    },
  );
});
