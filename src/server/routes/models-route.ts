import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ConfigSnapshot } from '../../config/index.js';
import { authenticateRequest, listModelNames } from '../../pipeline/index.js';
import { sendJson } from '../error-response.js';

/** GET /v1/models: the model names this caller may use, as OpenAI lists models. */
export function createModelsRoute(snapshot: () => ConfigSnapshot) {
  return function modelsRoute(request: IncomingMessage, response: ServerResponse, requestId: string): void {
    const current = snapshot();
    authenticateRequest(request.headers, current.masterKey);
    const created = Math.floor(current.loadedAt / 1000);
    const data = listModelNames(current).map((id) => ({ id, object: 'model', created, owned_by: 'switchyard' }));
    sendJson(response, 200, { object: 'list', data }, requestId);
  };
}
