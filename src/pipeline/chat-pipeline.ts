import type { ProviderRegistry } from '../providers/index.js';
import type { CircuitBreakers, ConnectionHealthView, DeploymentStats } from '../router/index.js';
import type { ResponseStore } from '../storage/ports.js';
import type { Transport } from '../upstream/index.js';
import { composeStages } from './compose-stages.js';
import type { GatewayContext, GatewayResult } from './gateway-context.js';
import { createAuthenticateStage } from './stages/authenticate-stage.js';
import type { Authenticator } from './stages/authenticate-stage.js';
import { createConversationStage } from './stages/conversation-stage.js';
import { createDispatchStage } from './stages/dispatch-stage.js';
import { observeStage } from './stages/observe-stage.js';
import { createLimitsStage } from './stages/limits-stage.js';
import type { LimitsDependencies } from './stages/limits-stage.js';
import { createRouteStage } from './stages/route-stage.js';

export interface PipelineDependencies {
  /** Master key, virtual keys and JWTs. */
  authenticator: Authenticator;
  /** Rate limits, parallelism and budgets of keys, users, teams and models. */
  limits: LimitsDependencies;
  registry: ProviderRegistry;
  transport: Transport;
  random: () => number;
  /** Per-deployment latency, load and usage, written by dispatch and read by route. */
  stats: DeploymentStats;
  /** Per-deployment circuit breakers, fed by dispatch and read by route. */
  breakers: CircuitBreakers;
  /** Responses API turns kept for `previous_response_id`. */
  responses: ResponseStore;
  /** Connections failing their active health check, written by the health checker. */
  connections?: ConnectionHealthView;
}

/**
 * THE ORDER of the data plane, outermost first. Limits, guardrails, cache and prompts
 * take their places here as their issues land (see docs/lifecycle.md).
 */
export function createChatPipeline(dependencies: PipelineDependencies): (context: GatewayContext) => Promise<GatewayResult> {
  return composeStages([
    observeStage,
    createAuthenticateStage(dependencies.authenticator),
    createRouteStage({ random: dependencies.random, stats: dependencies.stats, registry: dependencies.registry, breakers: dependencies.breakers, connections: dependencies.connections }),
    createLimitsStage(dependencies.limits),
    createConversationStage(dependencies.responses),
    createDispatchStage(dependencies.registry, dependencies.transport, dependencies.stats, dependencies.breakers),
  ]);
}
