import { describe, expect, it } from 'vitest';
import { startRetentionJob } from './retention-job.js';

const DAY_MS = 86_400_000;

function rowsAt(...createdAt: number[]) {
  const rows = createdAt.map((at, index) => ({ id: index, createdAt: at }));
  return {
    rows,
    deleteBefore: async (cutoff: number) => {
      const before = rows.length;
      rows.splice(0, rows.length, ...rows.filter((row) => row.createdAt >= cutoff));
      return before - rows.length;
    },
  };
}

describe('startRetentionJob', () => {
  it('deletes rows older than the retention and reports them', async () => {
    const now = 100 * DAY_MS;
    const store = rowsAt(now - 31 * DAY_MS, now - 30 * DAY_MS, now - DAY_MS);
    const reports: number[] = [];
    const job = startRetentionJob({ retentionDays: () => 30, deleteBefore: store.deleteBefore, now: () => now, onDeleted: (rows) => reports.push(rows), onError: (error) => { throw error; } });
    await job.runNow();
    await job.stop();
    expect(store.rows.map((row) => row.createdAt)).toEqual([now - 30 * DAY_MS, now - DAY_MS]);
    expect(reports).toEqual([1]);
  });

  it('keeps everything when retention is unset, and runs on its own timer', async () => {
    const store = rowsAt(0);
    const settings: { days?: number } = {};
    let calls = 0;
    const job = startRetentionJob({
      retentionDays: () => settings.days,
      deleteBefore: async (cutoff) => {
        calls += 1;
        return store.deleteBefore(cutoff);
      },
      now: () => 10 * DAY_MS,
      firstRunAfterMs: 1,
      intervalMs: 5,
      onDeleted: () => undefined,
      onError: (error) => { throw error; },
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(calls).toBe(0);
    settings.days = 1;
    await new Promise((resolve) => setTimeout(resolve, 30));
    await job.stop();
    expect(calls).toBeGreaterThan(0);
    expect(store.rows).toEqual([]);
  });

  it('reports a failed run and keeps going', async () => {
    const errors: unknown[] = [];
    const job = startRetentionJob({ retentionDays: () => 1, deleteBefore: async () => { throw new Error('disk full'); }, now: () => DAY_MS * 5, onDeleted: () => undefined, onError: (error) => errors.push(error) });
    await job.runNow();
    await job.runNow();
    await job.stop();
    expect(errors.map(String)).toEqual(['Error: disk full', 'Error: disk full']);
  });
});
