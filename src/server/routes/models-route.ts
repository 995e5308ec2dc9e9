import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ConfigSnapshot } from '../../config/index.js';
import { listModelNames, principalMayUse, readCredential } from '../../pipeline/index.js';
import type { Authenticator } from '../../pipeline/index.js';
import { sendJson } from '../error-response.js';
import { clientIpOf } from '../resolve-client-ip.js';

/** GET /v1/models: the model names this caller may use, as OpenAI lists models. */
export function createModelsRoute(snapshot: () => ConfigSnapshot, authenticator: Authenticator) {
  return async function modelsRoute(request: IncomingMessage, response: ServerResponse, requestId: string): Promise<void> {
    const current = snapshot();
    const principal = await authenticator.authenticate(readCredential(request.headers), clientIpOf(request, current.server), current);
    const created = Math.floor(current.loadedAt / 1000);
    const data = listModelNames(current).filter((name) => principalMayUse(principal, name)).map((id) => ({ id, object: 'model', created, owned_by: 'switchyard' }));
    sendJson(response, 200, { object: 'list', data }, requestId);
  };
}
