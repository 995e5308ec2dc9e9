import type { ResponseStore, StoredResponse } from '../ports.js';

/** Stored responses in a Map: tests and throwaway runs. */
export class MemoryResponseStore implements ResponseStore {
  readonly #responses = new Map<string, StoredResponse>();

  async put(response: StoredResponse): Promise<void> {
    this.#responses.set(response.id, { ...response });
  }

  async get(id: string): Promise<StoredResponse | undefined> {
    const found = this.#responses.get(id);
    return found && { ...found };
  }

  async delete(id: string): Promise<boolean> {
    return this.#responses.delete(id);
  }
}
