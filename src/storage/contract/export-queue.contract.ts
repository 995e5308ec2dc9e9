import { describe, expect, it } from 'vitest';
import type { LogExportQueue } from '../ports.js';

/** One behaviour spec every LogExportQueue backend passes. */
export function exportQueueContract(name: string, makeQueue: () => LogExportQueue): void {
  describe(`${name}: LogExportQueue contract`, () => {
    it('hands items out oldest first and keeps them until acknowledged', async () => {
      const queue = makeQueue();
      expect(await queue.enqueue(['a', 'b', 'c'], 100)).toBe(0);
      await queue.enqueue(['d'], 100);
      const first = await queue.peek(2);
      expect(first.map((entry) => entry.item)).toEqual(['a', 'b']);
      expect(first[0]!.seq).toBeLessThan(first[1]!.seq);
      expect((await queue.peek(2)).map((entry) => entry.item)).toEqual(['a', 'b']);
      await queue.acknowledge(first[1]!.seq);
      expect((await queue.peek(10)).map((entry) => entry.item)).toEqual(['c', 'd']);
      expect(await queue.size()).toBe(2);
    });

    it('drops the oldest past the bound and says how many', async () => {
      const queue = makeQueue();
      await queue.enqueue(['1', '2', '3'], 4);
      expect(await queue.enqueue(['4', '5', '6'], 4)).toBe(2);
      expect((await queue.peek(10)).map((entry) => entry.item)).toEqual(['3', '4', '5', '6']);
      expect(await queue.size()).toBe(4);
    });

    it('is empty after everything is acknowledged, and keeps counting up', async () => {
      const queue = makeQueue();
      await queue.enqueue(['x'], 10);
      const [only] = await queue.peek(10);
      await queue.acknowledge(only!.seq);
      expect(await queue.size()).toBe(0);
      expect(await queue.peek(10)).toEqual([]);
      await queue.enqueue(['y'], 10);
      const [next] = await queue.peek(10);
      expect(next!.seq).toBeGreaterThan(only!.seq);
    });
  });
}
