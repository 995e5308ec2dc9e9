import { describe, expect, it } from 'vitest';
import { redactPii } from './redact-pii.js';

describe('redactPii', () => {
  it('replaces each kind of personal data and credential', () => {
    const text = [
      'mail jane.doe+work@example.co.uk',
      'card 4111 1111 1111 1111',
      'ssn 123-45-6789',
      'call +1 415 555 2671 or (415) 555-2671 or 415-555-2671',
      'from 192.168.10.24',
      'key sk-proj-abcdefghijklmnop1234 and AKIAIOSFODNN7EXAMPLE',
      'Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.payload.sig',
    ].join('\n');
    expect(redactPii(text)).toBe(
      ['mail [EMAIL]', 'card [CARD]', 'ssn [SSN]', 'call [PHONE] or [PHONE] or [PHONE]', 'from [IP]', 'key [SECRET] and [SECRET]', 'Authorization: [SECRET]'].join('\n'),
    );
  });

  it('keeps numbers that are not card numbers, and plain text', () => {
    expect(redactPii('order 1234567812345678 shipped in 2026, version 1.2.3')).toBe('order 1234567812345678 shipped in 2026, version 1.2.3');
  });

  it('leaves JSON text valid JSON', () => {
    const json = JSON.stringify({ messages: [{ role: 'user', content: 'I am bob@example.com, card 5555555555554444' }], max_tokens: 1024 });
    const redacted = redactPii(json);
    expect(JSON.parse(redacted)).toEqual({ messages: [{ role: 'user', content: 'I am [EMAIL], card [CARD]' }], max_tokens: 1024 });
  });
});
