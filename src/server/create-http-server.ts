import { createServer, STATUS_CODES } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AdminRequest, AdminResponse } from '../admin/index.js';
import type { ConfigSnapshot } from '../config/index.js';
import type { Clock } from '../core/clock.js';
import { GatewayError, toGatewayError } from '../core/errors.js';
import { createRequestId } from '../core/ids.js';
import { readCredential } from '../pipeline/index.js';
import type { Authenticator, GatewayContext, GatewayResult, ResponseStore } from '../pipeline/index.js';
import { REQUEST_ID_HEADER, sendError, sendJson, sendText } from './error-response.js';
import { readJsonBody } from './read-json-body.js';
import { clientIpOf } from './resolve-client-ip.js';
import { encodeOpenAIError } from '../dialects/openai-chat/index.js';
import { createDataPlaneRoute } from './routes/data-plane-route.js';
import { createModelsRoute } from './routes/models-route.js';
import { createStoredResponsesRoute } from './routes/stored-responses-route.js';
import { loadAnthropicMessages, loadOpenAIResponses, OPENAI_CHAT } from './surfaces.js';

export interface HttpServerDependencies {
  snapshot: () => ConfigSnapshot;
  /** Stored Responses API turns (`GET`/`DELETE /v1/responses/{id}`). */
  responses: ResponseStore;
  pipeline: (context: GatewayContext) => Promise<GatewayResult>;
  /** Master key, virtual keys, JWTs: for the data plane (through the pipeline), /v1/models, stored responses and /admin. */
  authenticator: Authenticator;
  admin: (request: AdminRequest) => Promise<AdminResponse>;
  /** The Prometheus exposition for `GET /metrics`; unset: metrics are off (501). */
  metrics?: () => Promise<{ contentType: string; body: string }>;
  clock: Clock;
  onError: (error: unknown) => void;
}

export interface GatewayServer {
  server: Server;
  /** Requests being answered right now, streams included. */
  inFlight(): number;
  /** Stop taking new connections and mark every answer `Connection: close`. */
  startDraining(): void;
}

type Route = (request: IncomingMessage, response: ServerResponse, requestId: string) => Promise<void> | void;

const STORED_RESPONSE_PREFIX = '/v1/responses/';

// A plain path has no query, escapes or dot segments to normalize: most requests.
const PLAIN_PATH = /^\/[A-Za-z0-9_\-/]*$/;

/** The path to route on. Only the path is used; the host part is a placeholder, never trusted. */
function routePath(rawUrl: string | undefined): string {
  const url = rawUrl ?? '/';
  const pathname = PLAIN_PATH.test(url) ? url : new URL(url, 'http://gateway.invalid').pathname;
  return pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname;
}

/** An admin body is optional (`POST /admin/reload`, `/rotate`): no body is an empty object. */
function readAdminBody(request: IncomingMessage, limitBytes: number): Promise<Record<string, unknown>> {
  const length = request.headers['content-length'];
  if ((length === undefined || length === '0') && request.headers['transfer-encoding'] === undefined) return Promise.resolve({});
  return readJsonBody(request, limitBytes);
}

/** The HTTP edge: raw node:http, chosen by measurement (BENCHMARKS.md). */
export function createHttpServer(dependencies: HttpServerDependencies): GatewayServer {
  let draining = false;
  let inFlight = 0;
  const routes = new Map<string, Route>([
    ['GET /health', (_request, response, requestId) => sendJson(response, 200, { status: 'ok' }, requestId)],
    // The server listens only after storage is open and the config valid, so listening
    // and not draining is ready.
    ['GET /ready', (_request, response, requestId) => sendJson(response, draining ? 503 : 200, { status: draining ? 'draining' : 'ready' }, requestId)],
    ['POST /v1/chat/completions', createDataPlaneRoute({ operation: 'chat', path: '/v1/chat/completions', api: OPENAI_CHAT }, dependencies)],
    ['POST /v1/embeddings', createDataPlaneRoute({ operation: 'embeddings', path: '/v1/embeddings', api: OPENAI_CHAT }, dependencies)],
    ['POST /v1/messages', createDataPlaneRoute({ operation: 'chat', path: '/v1/messages', api: loadAnthropicMessages }, dependencies)],
    ['POST /v1/messages/count_tokens', createDataPlaneRoute({ operation: 'count-tokens', path: '/v1/messages/count_tokens', api: loadAnthropicMessages }, dependencies)],
    ['POST /v1/responses', createDataPlaneRoute({ operation: 'responses', path: '/v1/responses', api: loadOpenAIResponses }, dependencies)],
    ['GET /v1/models', createModelsRoute(dependencies.snapshot, dependencies.authenticator)],
    ['GET /metrics', handleMetrics],
  ]);
  const storedResponses = createStoredResponsesRoute(dependencies.snapshot, dependencies.responses, dependencies.authenticator);
  const knownPaths = new Set([...routes.keys()].map((key) => key.slice(key.indexOf(' ') + 1)));

  async function authenticateAdmin(request: IncomingMessage, snapshot: ConfigSnapshot, what: string, clientIp = clientIpOf(request, snapshot.server)) {
    const principal = await dependencies.authenticator.authenticate(readCredential(request.headers), clientIp, snapshot);
    if (principal.role !== 'admin') throw new GatewayError('GW_FORBIDDEN', `This key may not use ${what}.`);
    return principal;
  }

  async function handleMetrics(request: IncomingMessage, response: ServerResponse, requestId: string): Promise<void> {
    const snapshot = dependencies.snapshot();
    if (!dependencies.metrics || !snapshot.observability.metrics.enabled) throw new GatewayError('GW_NOT_IMPLEMENTED', 'Metrics are off (observability.metrics.enabled: false).');
    if (snapshot.observability.metrics.requireAuth) await authenticateAdmin(request, snapshot, '/metrics');
    const { contentType, body } = await dependencies.metrics();
    sendText(response, 200, contentType, body, requestId);
  }

  async function handleAdmin(request: IncomingMessage, response: ServerResponse, path: string, requestId: string): Promise<void> {
    const snapshot = dependencies.snapshot();
    const clientIp = clientIpOf(request, snapshot.server);
    const principal = await authenticateAdmin(request, snapshot, 'the admin API', clientIp);
    const query = new URL(request.url ?? '/', 'http://gateway.invalid').searchParams;
    const method = request.method ?? 'GET';
    const body = method === 'POST' || method === 'PATCH' ? await readAdminBody(request, snapshot.server.maxBodyBytes) : {};
    const actor = { keyId: principal.keyId, userId: principal.userId };
    const answer = await dependencies.admin({ method, path: path.slice('/admin'.length), query, body, actor, clientIp });
    if (answer.contentType !== undefined && typeof answer.body === 'string') sendText(response, answer.status, answer.contentType, answer.body, requestId);
    else sendJson(response, answer.status, answer.body, requestId);
  }

  function handle(request: IncomingMessage, response: ServerResponse, requestId: string): Promise<void> | void {
    if (draining) response.setHeader('connection', 'close');
    const path = routePath(request.url);
    const route = routes.get(`${request.method} ${path}`);
    if (route) return route(request, response, requestId);
    if (path.startsWith(STORED_RESPONSE_PREFIX)) return storedResponses(request, response, requestId, path.slice(STORED_RESPONSE_PREFIX.length));
    if (path === '/admin' || path.startsWith('/admin/')) return handleAdmin(request, response, path, requestId);
    if (knownPaths.has(path)) throw new GatewayError('GW_METHOD_NOT_ALLOWED', `${request.method} is not allowed on ${path}.`);
    throw new GatewayError('GW_ROUTE_NOT_FOUND', `Unknown route: ${request.method} ${path}`);
  }

  function fail(response: ServerResponse, requestId: string, error: unknown): void {
    const gatewayError = toGatewayError(error);
    if (gatewayError.code === 'GW_INTERNAL') dependencies.onError(error);
    if (!response.destroyed) sendError(response, gatewayError, requestId);
  }
  const onClose = () => {
    inFlight -= 1;
  };

  const server = createServer((request, response) => {
    inFlight += 1;
    response.on('close', onClose);
    const requestId = createRequestId(dependencies.clock.now());
    try {
      handle(request, response, requestId)?.catch((error: unknown) => fail(response, requestId, error));
    } catch (error) {
      fail(response, requestId, error);
    }
  });
  const settings = dependencies.snapshot().server;
  server.headersTimeout = settings.headersTimeoutMs;
  server.requestTimeout = settings.requestTimeoutMs;
  server.keepAliveTimeout = settings.keepAliveTimeoutMs;
  server.timeout = settings.idleTimeoutMs;
  // A malformed request line or headers: answer 400 in our shape instead of Node's bare reply.
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    if (!socket.writable || error.code === 'ECONNRESET') {
      socket.destroy();
      return;
    }
    const status = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
    const body = JSON.stringify(encodeOpenAIError(new GatewayError('GW_INVALID_REQUEST', 'Malformed HTTP request.', { status })));
    const requestId = createRequestId(dependencies.clock.now());
    socket.end(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n${REQUEST_ID_HEADER}: ${requestId}\r\ncontent-type: application/json\r\n` +
        `content-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
    );
  });

  return {
    server,
    inFlight: () => inFlight,
    startDraining() {
      draining = true;
      server.close();
      server.closeIdleConnections();
    },
  };
}
