import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../core/errors.js';
import type { Warning } from '../../core/warning.js';
import type { InboundSurface } from '../surface.js';
import { encodeResponsesUsage } from './encode-responses-usage.js';
import { decodeResponsesUsage } from './decode-responses-usage.js';
import { openaiResponsesSurface } from './openai-responses-surface.js';

describe('openaiResponsesSurface', () => {
  const surface: InboundSurface = openaiResponsesSurface;

  it('is the openai-responses dialect and decodes through the contract', () => {
    expect(surface.dialect).toBe('openai-responses');
    expect(surface.decodeRequest({ model: 'm', input: 'hi' }).messages).toEqual([{ role: 'user', content: [{ type: 'text', text: 'hi' }] }]);
  });

  it('hands decoding warnings to a caller that asks for them', () => {
    const warnings: Warning[] = [];
    openaiResponsesSurface.decodeRequest({ model: 'm', input: 'hi', tools: [{ type: 'code_interpreter', container: { type: 'auto' } }] }, warnings);
    expect(warnings).toEqual([
      { type: 'unsupported-setting', setting: 'tools[0]', detail: '"code_interpreter" is an OpenAI-hosted tool that other providers cannot run; dropped' },
    ]);
  });

  it('answers errors in the OpenAI error envelope', () => {
    const error = new GatewayError('GW_INVALID_REQUEST', 'input: is required', { param: 'input' });
    expect(surface.encodeError(error)).toEqual({ error: { message: 'input: is required', type: 'invalid_request_error', code: 'invalid_request', param: 'input' } });
    expect(surface.encodeError(new GatewayError('GW_RATE_LIMITED', 'slow down'))).toEqual({
      error: { message: 'slow down', type: 'rate_limit_error', code: 'rate_limit_exceeded', param: null },
    });
  });

  it('encodes and decodes usage symmetrically when every count is known', () => {
    const usage = { inputTokens: 10, outputTokens: 4, cachedInputTokens: 6, cacheWriteInputTokens: 2, reasoningTokens: 1 };
    expect(decodeResponsesUsage(encodeResponsesUsage(usage))).toEqual(usage);
    expect(decodeResponsesUsage({ foo: 1 })).toBeUndefined();
    expect(decodeResponsesUsage([1])).toBeUndefined();
    expect(decodeResponsesUsage({ input_tokens: Number.NaN, output_tokens: 2 })).toMatchObject({ inputTokens: undefined, outputTokens: 2 });
  });
});
