import type { ModelRoute } from '../config/index.js';
import { publishCircuitChange } from '../core/events.js';

/** A model's breaker thresholds, as compiled from its `circuit_breaker` config. */
export type CircuitBreakerSettings = NonNullable<ModelRoute['circuitBreaker']>;

/** Where a deployment's breaker stands (docs/routing.md, "Circuit breakers"). */
export type CircuitState = 'closed' | 'open' | 'half-open';

/** One deployment's breaker as `GET /admin/health` shows it. */
export interface CircuitReport {
  readonly state: CircuitState;
  /** Failures counted in the current window (closed), or the ones that opened it. */
  readonly failuresInWindow: number;
  /** While open: the clock reading (ms) at which a probe may go; otherwise undefined. */
  readonly openUntil: number | undefined;
}

/** What dispatch holds for one attempt; `probe` marks the single half-open trial. */
export interface CircuitAdmission {
  readonly probe: boolean;
}

interface Breaker {
  state: CircuitState;
  /** Clock readings of the failures still inside the window, oldest first. */
  failures: number[];
  openUntil: number;
  probing: boolean;
}

/**
 * Per-deployment circuit breakers, in memory, per process. A pure state machine over an
 * injected monotonic clock (ms): closed until `failures` retryable failures fall within
 * `windowMs`, then open for `cooldownMs`, then half-open, where exactly one probe goes
 * through: its success closes the breaker, its failure opens it again. An open breaker
 * never removes a deployment, it only sends it to the back of the plan, so a request
 * still gets an answer (or the real upstream error) when every deployment is open.
 */
export class CircuitBreakers {
  readonly #clock: () => number;
  readonly #breakers = new Map<string, Breaker>();

  constructor(clock: () => number) {
    this.#clock = clock;
  }

  /** Whether routing should try `key` in its planned place (false: move it to the end). Reads only. */
  available(key: string): boolean {
    const breaker = this.#breakers.get(key);
    if (!breaker || breaker.state === 'closed') return true;
    if (breaker.state === 'open') return this.#clock() >= breaker.openUntil;
    return !breaker.probing;
  }

  /**
   * Called as an attempt on `key` starts. An open breaker past its cooldown turns
   * half-open and this attempt becomes its one probe. An attempt on a breaker that is
   * still open, or whose probe is out, goes ahead as a last resort (`probe: false`).
   */
  admit(key: string): CircuitAdmission {
    const breaker = this.#breakers.get(key);
    if (!breaker || breaker.state === 'closed') return { probe: false };
    if (breaker.state === 'open' && this.#clock() >= breaker.openUntil) {
      breaker.state = 'half-open';
      publishCircuitChange({ deployment: key, state: 'half-open' });
    }
    if (breaker.state === 'half-open' && !breaker.probing) {
      breaker.probing = true;
      return { probe: true };
    }
    return { probe: false };
  }

  /** The attempt answered: any success proves the deployment works, so the breaker closes. */
  recordSuccess(key: string): void {
    const breaker = this.#breakers.get(key);
    if (!breaker) return;
    if (breaker.state !== 'closed') publishCircuitChange({ deployment: key, state: 'closed' });
    breaker.state = 'closed';
    breaker.failures = [];
    breaker.probing = false;
  }

  /** The attempt failed retryably (429, 5xx, timeout, connection): counts toward opening. */
  recordFailure(key: string, admission: CircuitAdmission, settings: CircuitBreakerSettings): void {
    const now = this.#clock();
    let breaker = this.#breakers.get(key);
    if (!breaker) {
      breaker = { state: 'closed', failures: [], openUntil: 0, probing: false };
      this.#breakers.set(key, breaker);
    }
    if (admission.probe) {
      breaker.probing = false;
      this.#open(key, breaker, now, settings);
      return;
    }
    // A last-resort attempt on an open breaker says nothing new; the cooldown stands.
    if (breaker.state !== 'closed') return;
    breaker.failures = breaker.failures.filter((at) => at > now - settings.windowMs);
    breaker.failures.push(now);
    if (breaker.failures.length >= settings.failures) this.#open(key, breaker, now, settings);
  }

  /** The attempt ended with neither verdict (the caller left): a probe's slot is freed. */
  release(key: string, admission: CircuitAdmission): void {
    const breaker = this.#breakers.get(key);
    if (breaker && admission.probe) breaker.probing = false;
  }

  /** The breaker's state for diagnostics; a deployment never seen is closed with no failures. */
  report(key: string, windowMs: number): CircuitReport {
    const breaker = this.#breakers.get(key);
    if (!breaker) return { state: 'closed', failuresInWindow: 0, openUntil: undefined };
    const now = this.#clock();
    const state = breaker.state === 'open' && now >= breaker.openUntil ? 'half-open' : breaker.state;
    const failuresInWindow = breaker.state === 'closed' ? breaker.failures.filter((at) => at > now - windowMs).length : breaker.failures.length;
    return { state, failuresInWindow, openUntil: breaker.state === 'open' ? breaker.openUntil : undefined };
  }

  #open(key: string, breaker: Breaker, now: number, settings: CircuitBreakerSettings): void {
    breaker.state = 'open';
    breaker.openUntil = now + settings.cooldownMs;
    publishCircuitChange({ deployment: key, state: 'open' });
  }
}
