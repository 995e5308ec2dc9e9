export { listModelNames, planRoute } from './plan-route.js';
export type { PlanStep, RoutePlan } from './route-plan.js';
export { DeploymentStats, deploymentKey, TTFB_EWMA_ALPHA } from './deployment-stats.js';
export type { AttemptTracker, DeploymentStatsView } from './deployment-stats.js';
export { staticInputs } from './strategy-inputs.js';
export type { StrategyInputs, TargetPrice, TokenEstimate } from './strategy-inputs.js';
export { estimateRequestTokens } from './estimate-request-tokens.js';
