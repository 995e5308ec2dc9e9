export { authenticateRequest } from '../auth/index.js';
export type { Principal } from '../auth/index.js';
export { listModelNames } from '../router/index.js';
export { createChatPipeline } from './chat-pipeline.js';
export type { PipelineDependencies } from './chat-pipeline.js';
export { createOutcome } from './gateway-context.js';
export type { GatewayContext, GatewayResult, Outcome, GatewaySurface } from './gateway-context.js';
export { finishRequest } from './stages/observe-stage.js';
export type { Operation } from '../providers/index.js';
