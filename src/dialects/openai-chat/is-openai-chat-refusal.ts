import { isRecord } from '../_shared/is-record.js';

/** A Chat Completions answer any of whose choices stopped on `content_filter` (OpenAI, Azure). */
export function isOpenAIChatRefusal(body: unknown): boolean {
  if (!isRecord(body) || !Array.isArray(body.choices)) return false;
  return body.choices.some((choice) => isRecord(choice) && choice.finish_reason === 'content_filter');
}
