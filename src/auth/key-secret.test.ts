import { describe, expect, it } from 'vitest';
import { generateKeySecret, hashKeySecret, keyDisplayPrefix, looksLikeVirtualKey } from './key-secret.js';

describe('virtual key secrets', () => {
  it('generates sk-sy- plus 32 random bytes in base64url', () => {
    const secret = generateKeySecret();
    expect(secret).toMatch(/^sk-sy-[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(secret.slice('sk-sy-'.length), 'base64url')).toHaveLength(32);
    expect(looksLikeVirtualKey(secret)).toBe(true);
  });

  it('never repeats over 1,000 secrets', () => {
    const secrets = new Set(Array.from({ length: 1000 }, () => generateKeySecret()));
    expect(secrets.size).toBe(1000);
  });

  it('hashes to a stable hex SHA-256', () => {
    expect(hashKeySecret('sk-sy-abc')).toBe(hashKeySecret('sk-sy-abc'));
    expect(hashKeySecret('sk-sy-abc')).not.toBe(hashKeySecret('sk-sy-abd'));
    expect(hashKeySecret('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('shows the first 12 characters only', () => {
    expect(keyDisplayPrefix('sk-sy-AbC1d2Ef3gH4')).toBe('sk-sy-AbC1d2…');
  });

  it('recognizes only the generated shape', () => {
    expect(looksLikeVirtualKey('sk-sy-short')).toBe(false);
    expect(looksLikeVirtualKey(`sk-xx-${'a'.repeat(43)}`)).toBe(false);
    expect(looksLikeVirtualKey(`sk-sy-${'a'.repeat(42)}+`)).toBe(false);
    expect(looksLikeVirtualKey('eyJhbGciOiJIUzI1NiJ9.e30.sig')).toBe(false);
  });
});
