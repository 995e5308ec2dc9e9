export { createHttpTransport } from './http-transport.js';
export type { HttpTransportOptions } from './http-transport.js';
export { SseFrameParser } from './sse-frame-parser.js';
export type { Transport, UpstreamRequest, UpstreamResponse } from './transport.js';
