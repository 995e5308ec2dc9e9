/** A JSON object (not null, not an array): the check every reader of untrusted wire data starts with. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
