/**
 * Something the gateway could not honour exactly. Warnings are never silent: they reach
 * the `x-switchyard-warnings` response header and the request log row.
 */
export type Warning =
  | { type: 'unsupported-setting'; setting: string; detail?: string }
  | { type: 'other'; message: string };

/** One-line text of a warning, for headers and logs. */
export function formatWarning(warning: Warning): string {
  if (warning.type === 'other') return warning.message;
  return warning.detail ? `${warning.setting}: ${warning.detail}` : `${warning.setting} is not supported by this target`;
}
