import type { FinishReason } from '../../core/finish-reason.js';

// Output withheld or cut by a filter: safety, recitation (copyright), blocklists, SPII.
// https://ai.google.dev/api/generate-content#FinishReason
const FILTERED = new Set([
  'SAFETY',
  'RECITATION',
  'BLOCKLIST',
  'PROHIBITED_CONTENT',
  'SPII',
  'IMAGE_SAFETY',
  'IMAGE_PROHIBITED_CONTENT',
  'IMAGE_RECITATION',
]);

/**
 * A candidate's `finishReason` (or a prompt's `blockReason`) -> canonical. Gemini says
 * `STOP` whether or not the model called functions, so `hasToolCalls` turns that `STOP`
 * into `tool-calls`, which is what OpenAI and Anthropic callers act on. The raw word is
 * always kept; an absent reason is `other` with no raw.
 */
export function mapGeminiFinishReason(raw: string | null | undefined, hasToolCalls = false): FinishReason {
  if (!raw) return { unified: 'other' };
  if (raw === 'STOP') return { unified: hasToolCalls ? 'tool-calls' : 'stop', raw };
  if (raw === 'MAX_TOKENS') return { unified: 'length', raw };
  if (FILTERED.has(raw)) return { unified: 'content-filter', raw };
  return { unified: 'other', raw };
}

/** A prompt blocked before generation (`promptFeedback.blockReason`): always a filter. */
export function mapGeminiBlockReason(raw: string): FinishReason {
  return { unified: 'content-filter', raw };
}
