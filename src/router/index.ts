export { listModelNames, planRoute } from './plan-route.js';
export type { PlanStep, RoutePlan } from './route-plan.js';
