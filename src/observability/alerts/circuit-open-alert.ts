import type { CircuitChange } from '../../core/events.js';
import type { Alert } from './alert.js';

/** The `circuit_open` alert for a breaker that opened; undefined for any other change. */
export function circuitOpenAlert(change: CircuitChange, now: number): Alert | undefined {
  if (change.state !== 'open') return undefined;
  return {
    kind: 'circuit_open',
    severity: 'critical',
    subject: change.deployment,
    message: `Circuit breaker opened for deployment ${change.deployment}: requests go elsewhere until a probe succeeds.`,
    details: { deployment: change.deployment, state: change.state },
    at: now,
  };
}
