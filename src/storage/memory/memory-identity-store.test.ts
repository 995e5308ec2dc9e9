import { describe, expect, it } from 'vitest';
import { identityStoreContract, makeKeyRecord } from '../contract/identity-store.contract.js';
import { createMemoryStorage } from './index.js';
import { MemoryIdentityStore } from './memory-identity-store.js';

identityStoreContract('memory', () => new MemoryIdentityStore());

describe('memory storage', () => {
  it('provides the identity store', async () => {
    const storage = createMemoryStorage();
    await storage.identities.keys.put(makeKeyRecord());
    expect((await storage.identities.keys.findByHash(makeKeyRecord().hash))?.id).toBe('key_1');
    await storage.close();
  });
});
