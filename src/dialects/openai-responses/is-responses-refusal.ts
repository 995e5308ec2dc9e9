import { isRecord } from '../_shared/is-record.js';

/** A Responses answer left `incomplete` for `content_filter`. */
export function isResponsesRefusal(body: unknown): boolean {
  return isRecord(body) && body.status === 'incomplete' && isRecord(body.incomplete_details) && body.incomplete_details.reason === 'content_filter';
}
