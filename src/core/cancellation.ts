import { EventEmitter } from 'node:events';

/**
 * "The caller went away", for one request. Cheaper than an AbortController, which costs
 * ~15 µs a request once undici listens to it: undici accepts an EventEmitter emitting
 * `abort` instead, and a real AbortSignal is made only for code that needs one (timers).
 */
export class Cancellation {
  #aborted = false;
  #emitter: EventEmitter | undefined;
  #controller: AbortController | undefined;

  get aborted(): boolean {
    return this.#aborted;
  }

  /** Marks the request cancelled and tells every listener, once. */
  cancel(): void {
    if (this.#aborted) return;
    this.#aborted = true;
    this.#emitter?.emit('abort');
    this.#controller?.abort();
  }

  /** An emitter that emits `abort` on cancellation (undici's `signal` accepts it). */
  get emitter(): EventEmitter {
    if (!this.#emitter) {
      this.#emitter = new EventEmitter();
      if (this.#aborted) queueMicrotask(() => this.#emitter?.emit('abort'));
    }
    return this.#emitter;
  }

  /** A standard AbortSignal, made on first use. */
  get signal(): AbortSignal {
    if (!this.#controller) {
      this.#controller = new AbortController();
      if (this.#aborted) this.#controller.abort();
    }
    return this.#controller.signal;
  }
}
