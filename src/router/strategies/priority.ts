import type { Target } from '../../config/index.js';

/** The configured order, standbys included where they stand: the first target that answers wins. */
export function orderPriority(targets: readonly Target[]): Target[] {
  return [...targets];
}
