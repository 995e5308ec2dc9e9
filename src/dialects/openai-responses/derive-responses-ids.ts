/** The id prefixes of the output item types the gateway writes, as OpenAI spells them. */
export type ResponsesItemPrefix = 'msg' | 'rs' | 'fc' | 'ctc';

/** Ids of one Response object and of its output items. */
export interface ResponsesIds {
  /** `resp_...`: what the client stores and sends back as `previous_response_id`. */
  response: string;
  /**
   * `msg_...`, `rs_...`, `fc_...` (function call), `ctc_...` (custom tool call) for the item
   * at an output index, unique within the response.
   */
  item(prefix: ResponsesItemPrefix, outputIndex: number): string;
}

/**
 * Deterministic ids from the gateway's chosen id (`responseId`) or the provider's
 * (`chatcmpl-...`, `msg_...`): codecs have no randomness, and the same answer always
 * encodes the same way. An id that already starts with `resp_` is kept.
 */
export function deriveResponsesIds(sourceId: string): ResponsesIds {
  const response = sourceId.startsWith('resp_') ? sourceId : `resp_${sourceId}`;
  const base = response.slice('resp_'.length);
  return { response, item: (prefix, outputIndex) => `${prefix}_${base}_${outputIndex}` };
}
