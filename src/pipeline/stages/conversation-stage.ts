import type { ChatMessage } from '../../core/chat-request.js';
import type { ChatResponse } from '../../core/chat-response.js';
import type { ChatStreamEvent } from '../../core/chat-stream-event.js';
import { GatewayError } from '../../core/errors.js';
import type { ResponsesConversation } from '../../dialects/openai-responses/index.js';
import type { ResponseStore } from '../../storage/ports.js';
import type { GatewayContext, GatewayResult, Stage } from '../gateway-context.js';
import { StreamResponseCollector } from './collect-stream-response.js';
import { responseIdFor } from './response-id.js';

// The Responses codecs are imported with the first Responses request, not at startup.
const loadResponsesDialect = () => import('../../dialects/openai-responses/index.js');
type ResponsesDialect = Awaited<ReturnType<typeof loadResponsesDialect>>;

interface TurnToStore {
  dialect: ResponsesDialect;
  store: ResponseStore;
  context: GatewayContext;
  conversation: ResponsesConversation;
  encode: (response: ChatResponse) => unknown;
}

async function storeTurn(turn: TurnToStore, response: ChatResponse): Promise<void> {
  const { context, conversation } = turn;
  if (!context.request) return;
  const messages = turn.dialect.conversationToStore(context.request, response, conversation);
  await turn.store.put({
    id: responseIdFor(context.requestId),
    createdAt: context.createdAt,
    keyId: context.principal?.keyId,
    origin: 'gateway',
    messagesJson: JSON.stringify(messages),
    responseJson: JSON.stringify(turn.encode(response)),
  });
}

async function* storeWhenComplete(events: AsyncIterable<ChatStreamEvent>, turn: TurnToStore): AsyncIterable<ChatStreamEvent> {
  const collector = new StreamResponseCollector();
  let failed = false;
  for await (const event of events) {
    if (event.type === 'error') failed = true;
    collector.push(event);
    yield event;
  }
  // Only a turn that finished is worth continuing from.
  if (!failed) await storeTurn(turn, collector.response());
}

/**
 * Responses API state (`store`, `previous_response_id`): loads the earlier turns a
 * request continues and stores each finished turn under the id the caller sees. Turns
 * passed through to a provider that keeps its own state (OpenAI) are left to it.
 */
export function createConversationStage(store: ResponseStore): Stage {
  return {
    name: 'conversation',
    // Not async: the other operations pass through without an extra promise.
    run: (context, next) => (context.operation === 'responses' ? runConversation(store, context, next) : next()),
  };
}

async function runConversation(store: ResponseStore, context: GatewayContext, next: () => Promise<GatewayResult>): Promise<GatewayResult> {
  const dialect = await loadResponsesDialect();
  const conversation = dialect.readResponsesConversation(context.body);
  const previousId = conversation.previousResponseId;
  if (previousId !== undefined) {
    const stored = await store.get(previousId);
    const mayRead = stored !== undefined && (stored.keyId === context.principal?.keyId || context.principal?.role === 'admin');
    if (mayRead) {
      const history = JSON.parse(stored.messagesJson) as ChatMessage[];
      const decoded = context.surface.decodeRequest(context.body, context.warnings);
      const fields = { ...decoded.passthrough?.fields };
      delete fields.previous_response_id;
      context.request = dialect.continueConversation(history, { ...decoded, passthrough: decoded.passthrough && { ...decoded.passthrough, fields } }, conversation);
    } else {
      context.passthroughOnly = `previous_response_id: "${previousId}" was not stored by this gateway; only the provider that keeps it can continue it`;
    }
  }
  const result = await next();
  if (!conversation.store) return result;
  const surface = context.surface;
  const model = context.outcome.deploymentModel ?? context.requestedModel;
  const turn: TurnToStore = {
    dialect,
    store,
    context,
    conversation,
    encode: (response) => surface.encodeResponse(response, { model, responseId: responseIdFor(context.requestId), echo: dialect.readResponsesEcho(context.body) }),
  };
  if (result.kind === 'chat') {
    await storeTurn(turn, result.response);
    return result;
  }
  if (result.kind === 'chat-stream') return { ...result, events: storeWhenComplete(result.events, turn) };
  return result;
}

interface Caller {
  keyId: string | undefined;
  role: string;
}

async function findOwnResponse(store: ResponseStore, id: string, caller: Caller) {
  const stored = await store.get(id);
  // Someone else's turn answers exactly like a missing one: ids are not secrets to probe.
  if (!stored || (stored.keyId !== caller.keyId && caller.role !== 'admin')) {
    throw new GatewayError('GW_ROUTE_NOT_FOUND', `No stored response with id "${id}".`, { param: 'response_id' });
  }
  return stored;
}

/** `GET /v1/responses/{id}`: the stored Response object, for its own key or an admin. */
export async function readStoredResponse(store: ResponseStore, id: string, caller: Caller): Promise<unknown> {
  return JSON.parse((await findOwnResponse(store, id, caller)).responseJson);
}

/** `DELETE /v1/responses/{id}`: removes a stored turn; OpenAI's deletion answer. */
export async function deleteStoredResponse(store: ResponseStore, id: string, caller: Caller): Promise<unknown> {
  await findOwnResponse(store, id, caller);
  await store.delete(id);
  return { id, object: 'response.deleted', deleted: true };
}
