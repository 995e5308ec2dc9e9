import type { GatewayError } from '../core/errors.js';
import type { Admission, AdmissionRequest, Limiter } from './limiter.js';

/** How often the head of the queue retries while nothing in this process frees capacity. */
const RETRY_INTERVAL_MS = 50;

interface Waiter {
  priority: number;
  sequence: number;
  wake: () => void;
}

function isQueueable(error: unknown): error is GatewayError {
  return typeof error === 'object' && error !== null && (error as GatewayError).code === 'GW_RATE_LIMITED';
}

/**
 * Optional queueing in front of the limiter (`queue_timeout_ms` on a key): a request that
 * would get a rate-limit 429 waits up to its timeout for capacity instead. Waiters are
 * served by priority (higher first), then in arrival order: only the head of the queue
 * tries again, when this process frees capacity (`notify`) or every RETRY_INTERVAL_MS
 * (capacity freed by another instance, a new window). Budgets never queue: waiting does
 * not make money.
 */
export class AdmissionQueue {
  #waiters: Waiter[] = [];
  #sequence = 0;

  constructor(
    private readonly limiter: Limiter,
    private readonly now: () => number,
  ) {}

  /** Requests waiting now. */
  get length(): number {
    return this.#waiters.length;
  }

  async admit(request: AdmissionRequest, options: { priority: number; timeoutMs: number; signal?: AbortSignal }): Promise<Admission> {
    // Arrivals do not jump the queue: with waiters ahead, a new request queues too.
    if (this.#waiters.length === 0 || options.timeoutMs <= 0) {
      try {
        return await this.limiter.admit(request);
      } catch (error) {
        if (!isQueueable(error) || options.timeoutMs <= 0) throw error;
      }
    }
    return this.#wait(request, options);
  }

  /** Capacity was freed in this process: the head of the queue tries at once. */
  notify(): void {
    this.#waiters[0]?.wake();
  }

  async #wait(request: AdmissionRequest, options: { priority: number; timeoutMs: number; signal?: AbortSignal }): Promise<Admission> {
    const deadline = this.now() + options.timeoutMs;
    let wake: () => void = () => undefined;
    const waiter: Waiter = { priority: options.priority, sequence: (this.#sequence += 1), wake: () => wake() };
    this.#insert(waiter);
    let lastError: unknown;
    try {
      for (;;) {
        if (this.#waiters[0] === waiter) {
          try {
            return await this.limiter.admit(request);
          } catch (error) {
            if (!isQueueable(error)) throw error;
            lastError = error;
          }
        }
        const remaining = deadline - this.now();
        if (remaining <= 0 || options.signal?.aborted) {
          if (lastError !== undefined) throw lastError;
          // Never reached the head: one last try, whose 429 goes to the caller.
          return await this.limiter.admit(request);
        }
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, Math.min(RETRY_INTERVAL_MS, remaining));
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
    } finally {
      this.#waiters.splice(this.#waiters.indexOf(waiter), 1);
      this.notify();
    }
  }

  #insert(waiter: Waiter): void {
    const index = this.#waiters.findIndex((other) => other.priority < waiter.priority);
    if (index === -1) this.#waiters.push(waiter);
    else this.#waiters.splice(index, 0, waiter);
  }
}
