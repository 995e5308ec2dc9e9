import type { RequestRecord } from '../../core/request-record.js';
import type { RequestLogQuery, RequestLogStore } from '../ports.js';

function matches(record: RequestRecord, query: RequestLogQuery): boolean {
  if (query.keyId !== undefined && record.keyId !== query.keyId) return false;
  if (query.model !== undefined && record.requestedModel !== query.model && record.deploymentModel !== query.model) return false;
  if (query.status === 'success' && record.status >= 400) return false;
  if (query.status === 'error' && record.status < 400) return false;
  if (typeof query.status === 'number' && record.status !== query.status) return false;
  if (query.from !== undefined && record.createdAt < query.from) return false;
  if (query.to !== undefined && record.createdAt > query.to) return false;
  return true;
}

/** The request log in memory: tests and ephemeral runs. */
export class MemoryRequestLogStore implements RequestLogStore {
  readonly #records = new Map<string, RequestRecord>();

  async append(records: readonly RequestRecord[]): Promise<void> {
    for (const record of records) {
      if (!this.#records.has(record.requestId)) this.#records.set(record.requestId, structuredClone(record));
    }
  }

  async query(query: RequestLogQuery): Promise<RequestRecord[]> {
    return [...this.#records.values()]
      .filter((record) => matches(record, query))
      .sort((left, right) => right.createdAt - left.createdAt || (right.requestId < left.requestId ? -1 : 1))
      .slice(0, query.limit)
      .map((record) => structuredClone(record));
  }

  async get(requestId: string): Promise<RequestRecord | undefined> {
    const found = this.#records.get(requestId);
    return found && structuredClone(found);
  }

  async close(): Promise<void> {}
}
