import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ConfigSnapshot } from '../../config/index.js';
import { GatewayError } from '../../core/errors.js';
import { encodeOpenAIError } from '../../dialects/openai-chat/index.js';
import { deleteStoredResponse, readCredential, readStoredResponse } from '../../pipeline/index.js';
import type { Authenticator, ResponseStore } from '../../pipeline/index.js';
import { sendErrorBody, sendJson } from '../error-response.js';
import { clientIpOf } from '../resolve-client-ip.js';

const RESPONSE_ID = /^resp_[A-Za-z0-9_-]{1,200}$/;

/** `GET` and `DELETE /v1/responses/{id}`: stored Responses API turns, for the key that made them. */
export function createStoredResponsesRoute(snapshot: () => ConfigSnapshot, store: ResponseStore, authenticator: Authenticator) {
  return async function storedResponsesRoute(request: IncomingMessage, response: ServerResponse, requestId: string, id: string): Promise<void> {
    try {
      const current = snapshot();
      const caller = await authenticator.authenticate(readCredential(request.headers), clientIpOf(request, current.server), current);
      if (!RESPONSE_ID.test(id)) throw new GatewayError('GW_ROUTE_NOT_FOUND', 'No stored response with that id.', { param: 'response_id' });
      if (request.method === 'GET') sendJson(response, 200, await readStoredResponse(store, id, caller), requestId);
      else if (request.method === 'DELETE') sendJson(response, 200, await deleteStoredResponse(store, id, caller), requestId);
      else throw new GatewayError('GW_METHOD_NOT_ALLOWED', `${request.method} is not allowed on /v1/responses/{id}.`);
    } catch (caught) {
      const error = caught instanceof GatewayError ? caught : new GatewayError('GW_INTERNAL', 'Reading the stored response failed.', { cause: caught });
      // The Responses API shares OpenAI's error envelope.
      sendErrorBody(response, error, requestId, encodeOpenAIError(error));
    }
  };
}
