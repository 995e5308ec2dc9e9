import { parentPort, workerData } from 'node:worker_threads';
import type { RequestRecord } from '../../core/request-record.js';
import { openSqliteDatabase } from './open-sqlite-database.js';
import { SqliteRequestLogStore } from './sqlite-request-log-store.js';

/** Messages between the gateway and this thread. */
export type WriterThreadMessage = { id: number; records: RequestRecord[] };
export type WriterThreadReply = { id: number; error?: string };

// Runs in a worker thread: SQLite's synchronous inserts happen here, off the event loop
// that serves requests.
if (parentPort) {
  const port = parentPort;
  const store = new SqliteRequestLogStore(openSqliteDatabase((workerData as { path: string }).path));
  port.on('message', (message: WriterThreadMessage) => {
    store.append(message.records).then(
      () => port.postMessage({ id: message.id } satisfies WriterThreadReply),
      (error: unknown) => port.postMessage({ id: message.id, error: String(error) } satisfies WriterThreadReply),
    );
  });
}
