import type { ModelRoute, Target } from '../config/index.js';

/**
 * Orders a model's targets for one request. `weighted` draws without replacement in
 * proportion to weight, so the first pick follows the configured shares and the rest
 * are the failover order; `priority` keeps the configured order. Zero-weight targets
 * are tried last, as standbys.
 */
export function orderTargets(model: ModelRoute, random: () => number): Target[] {
  if (model.strategy === 'priority' || model.targets.length === 1) return [...model.targets];
  const pool = model.targets.filter((target) => target.weight > 0);
  const standby = model.targets.filter((target) => target.weight <= 0);
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
  return [...ordered, ...standby];
}
