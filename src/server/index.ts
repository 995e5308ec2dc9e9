export { createHttpServer } from './create-http-server.js';
export type { GatewayServer, HttpServerDependencies } from './create-http-server.js';
