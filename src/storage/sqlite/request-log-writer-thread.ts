import { parentPort, workerData } from 'node:worker_threads';
import type { RequestRecord } from '../../core/request-record.js';
import { openSqliteDatabase } from './open-sqlite-database.js';
import { SqliteRequestLogStore } from './sqlite-request-log-store.js';

/** Messages between the gateway and this thread. */
/** `records` is the batch as JSON: one string copies far faster than a structured clone. */
export type WriterThreadMessage = { id: number; records: string };
export type WriterThreadReply = { id: number; error?: string };

// Runs in a worker thread: SQLite's synchronous inserts happen here, off the event loop
// that serves requests.
if (parentPort) {
  const port = parentPort;
  const store = new SqliteRequestLogStore(openSqliteDatabase((workerData as { path: string }).path));
  port.on('message', (message: WriterThreadMessage) => {
    store.append(JSON.parse(message.records) as RequestRecord[]).then(
      () => port.postMessage({ id: message.id } satisfies WriterThreadReply),
      (error: unknown) => port.postMessage({ id: message.id, error: String(error) } satisfies WriterThreadReply),
    );
  });
}
