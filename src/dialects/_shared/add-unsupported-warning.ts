import type { Warning } from '../../core/warning.js';

/** Records that `setting` could not be sent as asked, once per setting per request. */
export function addUnsupportedWarning(warnings: Warning[], setting: string, detail: string): void {
  const seen = warnings.some((warning) => warning.type === 'unsupported-setting' && warning.setting === setting);
  if (!seen) warnings.push({ type: 'unsupported-setting', setting, detail });
}
