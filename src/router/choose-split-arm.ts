import type { SplitArm, StickyBy } from '../config/index.js';
import { GatewayError } from '../core/errors.js';

const FNV_OFFSET_BASIS = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
const TWO_TO_THE_32 = 0x1_0000_0000;

/**
 * FNV-1a over UTF-16 code units, then murmur3's finalizer: plain FNV-1a spreads ids that
 * differ only in their last characters unevenly (`user-0`..`user-9999` put 8.4%, not 10%,
 * below the 10-point mark).
 */
function hash32(text: string): number {
  let hash = FNV_OFFSET_BASIS;
  for (let index = 0; index < text.length; index += 1) {
    hash = Math.imul(hash ^ text.charCodeAt(index), FNV_PRIME);
  }
  hash = Math.imul(hash ^ (hash >>> 16), 0x85ebca6b);
  hash = Math.imul(hash ^ (hash >>> 13), 0xc2b2ae35);
  return (hash ^ (hash >>> 16)) >>> 0;
}

/**
 * Picks one side of a model's split. With a sticky id the choice is a hash of the salt
 * (the split model's name, so two splits do not move in lockstep) and the id: the same
 * caller always lands on the same side, and distinct callers spread by the percents.
 * Without one, `random()` in [0, 1) draws. A side with percent 0 is never chosen.
 * Throws GW_INTERNAL when no side has a positive percent (config validation refuses that).
 */
export function chooseSplitArm(arms: readonly SplitArm[], stickyId: string | undefined, salt: string, random: () => number): SplitArm {
  const live = arms.filter((arm) => arm.percent > 0);
  const total = live.reduce((sum, arm) => sum + arm.percent, 0);
  const last = live.at(-1);
  if (last === undefined) throw new GatewayError('GW_INTERNAL', 'A traffic split has no side with a positive percent.');
  const fraction = stickyId === undefined ? random() : hash32(`${salt}\u0000${stickyId}`) / TWO_TO_THE_32;
  // Scaling by the total absorbs percents that add up to 100 only within rounding.
  const point = fraction * total;
  let reached = 0;
  for (const arm of live) {
    reached += arm.percent;
    if (point < reached) return arm;
  }
  return last;
}

/**
 * The id that keeps a caller on one side of a split. `user` prefers the authenticated
 * user, then the end user the request names, then the key, so anonymous traffic under
 * one key still sticks. `none` draws per request. A `master` key id is a real id.
 */
export function stickyIdFor(sticky: StickyBy, caller: { keyId?: string; userId?: string }, endUser: string | undefined): string | undefined {
  switch (sticky) {
    case 'key':
      return caller.keyId;
    case 'user':
      return caller.userId ?? endUser ?? caller.keyId;
    case 'none':
      return undefined;
  }
}
