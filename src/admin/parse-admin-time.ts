import { GatewayError } from '../core/errors.js';

// A date, or a date and time with its offset: a time without one would be read in the
// server's time zone. Date.parse alone also takes `-5` or `March 7` and rolls Feb 30 over.
const ISO_8601 = /^(\d{4})-(\d{2})-(\d{2})(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2}))?$/;

// The range a Date can hold (ECMA-262 21.4.1.22), so a parsed time can always be formatted back.
const MAX_TIME = 8.64e15;

function parseIso(value: string): number {
  const match = ISO_8601.exec(value);
  if (!match) return Number.NaN;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return Number.NaN;
  return Date.parse(value);
}

/**
 * An admin query's time parameter (`from`, `to`): epoch milliseconds, or ISO 8601 (a
 * date is its UTC midnight; a date and time needs `Z` or an offset); undefined when
 * absent or empty.
 */
export function parseAdminTime(name: string, value: string | null): number | undefined {
  if (value === null || value === '') return undefined;
  const time = /^\d+$/.test(value) ? Number(value) : parseIso(value);
  if (!Number.isFinite(time) || time > MAX_TIME) {
    throw new GatewayError('GW_INVALID_REQUEST', `${name}: expected an ISO 8601 time with a zone (or a date), or epoch milliseconds`, { param: name });
  }
  return time;
}
