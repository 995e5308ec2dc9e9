export { createConnectionProbe } from './create-connection-probe.js';
export type { ConnectionProbe, ProbeDependencies } from './create-connection-probe.js';
export { HealthChecker } from './health-checker.js';
export type { HealthChange, HealthCheckerOptions, HealthVerdicts } from './health-checker.js';
