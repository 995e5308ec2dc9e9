import { isRecord } from '../_shared/is-record.js';

/** A Messages answer that stopped with `stop_reason: "refusal"` (Claude's safety classifiers). */
export function isAnthropicRefusal(body: unknown): boolean {
  return isRecord(body) && body.stop_reason === 'refusal';
}
