import type { Target } from '../../config/index.js';

/**
 * Draws without replacement in proportion to weight: the first pick follows the configured
 * shares and the rest are the failover order. Expects positive weights (standbys are the
 * caller's to hold back).
 */
export function orderWeighted(targets: readonly Target[], random: () => number): Target[] {
  const pool = [...targets];
  const ordered: Target[] = [];
  while (pool.length > 0) {
    const total = pool.reduce((sum, target) => sum + target.weight, 0);
    let point = random() * total;
    let index = 0;
    while (index < pool.length - 1 && point >= pool[index]!.weight) {
      point -= pool[index]!.weight;
      index += 1;
    }
    ordered.push(pool.splice(index, 1)[0]!);
  }
  return ordered;
}
