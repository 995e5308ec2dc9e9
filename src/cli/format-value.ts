/**
 * Text from the gateway made safe for a terminal: control characters (an ANSI escape in a
 * key's name could rewrite the screen) become `?`.
 */
export function printable(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
}

/** A JSON value as one line of text; `-` for nothing (null, absent, empty). */
export function formatValue(value: unknown): string {
  if (value === undefined || value === null || value === '') return '-';
  if (Array.isArray(value)) return value.length === 0 ? '-' : printable(value.map((item) => (typeof item === 'string' ? item : JSON.stringify(item))).join(','));
  if (typeof value === 'object') return Object.keys(value).length === 0 ? '-' : printable(JSON.stringify(value));
  return printable(String(value));
}

/** An ISO 8601 time (or epoch ms) to the second, in UTC; `-` for none. */
export function formatTime(value: unknown): string {
  const at = typeof value === 'number' ? value : typeof value === 'string' ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(at)) return formatValue(value);
  return new Date(at).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
