import { describe, expect, it } from 'vitest';
import type { ResponseStore, StoredResponse } from '../ports.js';

export function makeStoredResponse(overrides: Partial<StoredResponse> = {}): StoredResponse {
  return {
    id: 'resp_1',
    createdAt: 1_000,
    keyId: 'key_a',
    origin: 'gateway',
    messagesJson: JSON.stringify([{ role: 'user', content: [{ type: 'text', text: 'hi' }] }]),
    responseJson: JSON.stringify({ id: 'resp_1', object: 'response' }),
    ...overrides,
  };
}

/** The behaviour every ResponseStore backend must show. */
export function responseStoreContract(name: string, create: () => ResponseStore): void {
  describe(`${name} response store`, () => {
    it('gives back what was put, field for field', async () => {
      const store = create();
      const stored = makeStoredResponse({ keyId: undefined, origin: 'openai-main' });
      await store.put(stored);
      expect(await store.get('resp_1')).toEqual(stored);
    });

    it('answers undefined for an unknown id and false when deleting one', async () => {
      const store = create();
      expect(await store.get('resp_missing')).toBeUndefined();
      expect(await store.delete('resp_missing')).toBe(false);
    });

    it('deletes', async () => {
      const store = create();
      await store.put(makeStoredResponse({ id: 'resp_2' }));
      expect(await store.delete('resp_2')).toBe(true);
      expect(await store.get('resp_2')).toBeUndefined();
    });
  });
}
