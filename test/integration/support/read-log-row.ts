import { expect } from 'vitest';
import { MASTER_KEY } from './gateway-config.js';

/**
 * `GET /admin/logs/{id}` once the row is there. The request log is written in batches, so
 * the row shows up a flush interval after the request ends; `complete` waits longer for a
 * row that must already hold something (a hedge's cancelled loser is recorded last).
 */
export async function readLogRow<Row>(gatewayUrl: string, requestId: string | null, complete: (row: Row) => boolean = () => true): Promise<Row> {
  let row: Row | undefined;
  await expect
    .poll(
      async () => {
        const response = await fetch(`${gatewayUrl}/admin/logs/${requestId}`, { headers: { authorization: `Bearer ${MASTER_KEY}` } });
        if (response.status === 200) row = (await response.json()) as Row;
        else await response.arrayBuffer();
        return row !== undefined && complete(row);
      },
      { timeout: 2000, interval: 25 },
    )
    .toBe(true);
  return row!;
}
