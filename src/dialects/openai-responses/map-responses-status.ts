import type { FinishReason } from '../../core/finish-reason.js';
import type { ResponsesEnvelopeInput, ResponsesStatus } from './encode-responses-envelope.js';

/** How an answer that ended for `reason` is reported in a Response object. */
export interface ResponsesOutcome {
  status: Exclude<ResponsesStatus, 'in_progress'>;
  incompleteReason?: ResponsesEnvelopeInput['incompleteReason'];
  error?: { code: string; message: string };
}

/**
 * Canonical finish reason -> Response status. A length or content-filter stop is
 * `incomplete` with OpenAI's `incomplete_details.reason`; a model-side `error` stop is
 * `failed` with `server_error`; everything else (stop, tool calls, other) is `completed`,
 * since the Responses API has no finish reason beside these.
 */
export function mapResponsesStatus(reason: FinishReason | undefined): ResponsesOutcome {
  switch (reason?.unified) {
    case 'length':
      return { status: 'incomplete', incompleteReason: 'max_output_tokens' };
    case 'content-filter':
      return { status: 'incomplete', incompleteReason: 'content_filter' };
    case 'error':
      return {
        status: 'failed',
        error: { code: 'server_error', message: `The model stopped with an error${reason.raw ? ` (${reason.raw})` : ''}.` },
      };
    default:
      return { status: 'completed' };
  }
}
