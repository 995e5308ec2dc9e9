import { invalidResponsesParam } from './parse-responses-wire.js';

/** What a Responses request says about conversation state kept by the gateway. */
export interface ResponsesConversation {
  /** The earlier response this request continues (`previous_response_id`). */
  previousResponseId?: string;
  /**
   * Whether the gateway should keep this turn so a later request can name it in
   * `previous_response_id`. OpenAI's default is `true`; clients that keep their own
   * history (the Codex CLI, `store: false` agents) turn it off.
   */
  store: boolean;
  /**
   * The request has non-empty `instructions`, decoded as its first (system) message. Instructions
   * belong to one request only: OpenAI does not carry them over to a continuation, so
   * conversation-history.ts leaves that message out of what is stored.
   */
  hasInstructions: boolean;
}

/**
 * Reads the conversation fields of a `POST /v1/responses` body. Pure and cheap: the route
 * calls it next to decodeResponsesRequest to decide whether to load and store turns.
 * A wrong type throws `GW_INVALID_REQUEST` naming the field, as the decoder would.
 */
export function readResponsesConversation(body: Record<string, unknown>): ResponsesConversation {
  const { previous_response_id: previous, store, instructions } = body;
  if (previous !== undefined && previous !== null && (typeof previous !== 'string' || previous === '')) {
    throw invalidResponsesParam('previous_response_id', 'expected a non-empty string');
  }
  if (store !== undefined && store !== null && typeof store !== 'boolean') throw invalidResponsesParam('store', 'expected boolean');
  const conversation: ResponsesConversation = { store: store !== false, hasInstructions: typeof instructions === 'string' && instructions !== '' };
  if (typeof previous === 'string') conversation.previousResponseId = previous;
  return conversation;
}
