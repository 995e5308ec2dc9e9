import { describe, expect, it } from 'vitest';
import { redactUpstreamMessage } from './redact-upstream-message.js';

describe('redactUpstreamMessage', () => {
  it('redacts OpenAI-style keys, even partly masked ones', () => {
    expect(redactUpstreamMessage('Incorrect API key provided: sk-proj-abc1********************xyz9. See docs.')).toBe(
      'Incorrect API key provided: [redacted]. See docs.',
    );
    expect(redactUpstreamMessage('bad key sk-ant-api03-AAAA')).toBe('bad key [redacted]');
  });

  it('redacts key- prefixed secrets, bearer tokens, long hex and base64 runs', () => {
    expect(redactUpstreamMessage('key-0123456789abcdef rejected')).toBe('[redacted] rejected');
    expect(redactUpstreamMessage('header was "Authorization: Bearer abc.def.ghi"')).toBe(
      'header was "Authorization: Bearer [redacted]"',
    );
    expect(redactUpstreamMessage('token 0123456789abcdef0123456789abcdef is unknown')).toBe('token [redacted] is unknown');
    expect(redactUpstreamMessage('jwt eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9 expired')).toBe('jwt [redacted] expired');
  });

  it('leaves model names, error codes and documentation links readable', () => {
    const text =
      "This model's maximum context length is 128000 tokens (context_length_exceeded) for claude-3-5-sonnet-20241022, see https://platform.openai.com/docs/guides/error-codes/api-errors";
    expect(redactUpstreamMessage(text)).toBe(text);
  });

  it('does not mistake words containing "key" or "sk" for keys', () => {
    expect(redactUpstreamMessage('monkey-business and task-runner with key-based auth')).toBe(
      'monkey-business and task-runner with key-based auth',
    );
  });

  it('collapses whitespace and truncates to the limit', () => {
    expect(redactUpstreamMessage('  a\n\n  b\t c  ')).toBe('a b c');
    const long = redactUpstreamMessage('word '.repeat(200), 50);
    expect(long).toHaveLength(50);
    expect(long.endsWith('…')).toBe(true);
  });
});
