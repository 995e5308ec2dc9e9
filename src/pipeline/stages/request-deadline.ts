import { Cancellation } from '../../core/cancellation.js';
import type { Clock } from '../../core/clock.js';
import { GatewayError } from '../../core/errors.js';

/**
 * A model's `timeout_ms`: the whole request, retries and backoff included, must have its
 * answer handed out by then. Made only for models that set one, so the usual request
 * pays for no timer. A stream already handed out is past the commit point and no longer
 * cut; its chunks are governed by the per-attempt idle limit.
 */
export class RequestDeadline {
  readonly #endsAt: number;
  #cut = false;

  constructor(
    private readonly clock: Clock,
    private readonly totalMs: number,
  ) {
    this.#endsAt = clock.monotonic() + totalMs;
  }

  /** Milliseconds left, 0 once passed. */
  remainingMs(): number {
    return Math.max(0, this.#endsAt - this.clock.monotonic());
  }

  /**
   * Passed, or an attempt was cut by it. A timer may fire a fraction of a millisecond
   * before the clock reads the deadline; once it has cut an attempt, no other starts.
   */
  get expired(): boolean {
    return this.#cut || this.remainingMs() <= 0;
  }

  /** The error an attempt cut by the deadline, or a request out of time, ends with. */
  timeoutError(): GatewayError {
    return new GatewayError('GW_UPSTREAM_TIMEOUT', `No answer within the model's timeout_ms (${this.totalMs} ms).`);
  }

  /**
   * Runs one attempt with its own abort source: it follows the caller's, and fires at the
   * deadline, which also rejects with GW_UPSTREAM_TIMEOUT. After a success the source
   * keeps following the caller, since a handed-out stream still reads through it.
   */
  run<T>(caller: Cancellation, attempt: (signal: Cancellation) => Promise<T>): Promise<T> {
    const signal = new Cancellation();
    const follow = () => signal.cancel();
    caller.on('abort', follow);
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#cut = true;
        caller.removeListener('abort', follow);
        signal.cancel();
        reject(this.timeoutError());
      }, this.remainingMs());
      attempt(signal).then(
        (result) => {
          clearTimeout(timer);
          resolve(result);
        },
        (error: unknown) => {
          clearTimeout(timer);
          caller.removeListener('abort', follow);
          reject(error);
        },
      );
    });
  }
}
