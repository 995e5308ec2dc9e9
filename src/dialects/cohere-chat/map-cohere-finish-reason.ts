import type { FinishReason } from '../../core/finish-reason.js';

// https://docs.cohere.com/reference/chat (response `finish_reason`).
const FROM_COHERE: Record<string, FinishReason['unified']> = {
  COMPLETE: 'stop',
  STOP_SEQUENCE: 'stop',
  MAX_TOKENS: 'length',
  TOOL_CALL: 'tool-calls',
  ERROR: 'error',
  // The generation hit Cohere's time limit: neither a natural stop nor the token limit.
  TIMEOUT: 'other',
};

/** Cohere `finish_reason` -> canonical. Unknown words become `other`; `raw` keeps the word. */
export function mapCohereFinishReason(raw: string | null | undefined): FinishReason {
  if (raw === null || raw === undefined) return { unified: 'other' };
  return { unified: Object.hasOwn(FROM_COHERE, raw) ? (FROM_COHERE[raw] ?? 'other') : 'other', raw };
}
