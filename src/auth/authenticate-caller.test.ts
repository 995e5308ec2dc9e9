import { describe, expect, it } from 'vitest';
import { Secret } from '../core/secret.js';
import { authenticateCaller } from './authenticate-caller.js';
import { readCredential } from './read-credential.js';

describe('authentication', () => {
  it('reads bearer and x-api-key credentials', () => {
    expect(readCredential({ authorization: 'Bearer sk-1' })).toBe('sk-1');
    expect(readCredential({ authorization: 'bearer   sk-2 ' })).toBe('sk-2');
    expect(readCredential({ 'x-api-key': 'sk-3' })).toBe('sk-3');
    expect(readCredential({ authorization: 'Basic abc' })).toBeUndefined();
    expect(readCredential({})).toBeUndefined();
  });

  it('accepts the master key and refuses anything else', () => {
    const master = new Secret('sk-master');
    expect(authenticateCaller('sk-master', master)).toEqual({ keyId: 'master', role: 'admin' });
    expect(() => authenticateCaller('sk-other', master)).toThrow(/Invalid API key/);
    expect(() => authenticateCaller(undefined, master)).toThrow(/Missing API key/);
  });

  it('lets everyone in as admin when no master key is set', () => {
    expect(authenticateCaller(undefined, undefined)).toEqual({ keyId: undefined, role: 'admin' });
  });
});
