/** Sets `key` only when the value is given: an encoder never sends a provider default we chose. */
export function setIfDefined(target: Record<string, unknown>, key: string, value: unknown): void {
  if (value !== undefined) target[key] = value;
}
