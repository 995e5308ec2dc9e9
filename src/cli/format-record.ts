import type { JsonObject } from './admin-client.js';
import { formatTime, formatValue, printable } from './format-value.js';

/** One record as `field  value` lines in the server's order (times to the second), without `object` and the fields in `omit`. */
export function formatRecord(record: JsonObject, omit: readonly string[] = []): string {
  const entries = Object.entries(record).filter(([field]) => field !== 'object' && !omit.includes(field));
  const width = Math.max(0, ...entries.map(([field]) => field.length));
  return entries.map(([field, value]) => `${printable(field).padEnd(width)}  ${field.endsWith('_at') ? formatTime(value) : formatValue(value)}\n`).join('');
}
