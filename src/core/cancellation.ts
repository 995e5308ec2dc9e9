/**
 * The part of Node's EventEmitter that undici's `signal` option uses: it checks for `on`,
 * subscribes with `once('abort')`, unsubscribes with `removeListener`, and reads `aborted`.
 */
export interface AbortSource {
  readonly aborted: boolean;
  on(event: 'abort', listener: () => void): unknown;
  once(event: 'abort', listener: () => void): unknown;
  removeListener(event: 'abort', listener: () => void): unknown;
}

/**
 * "The caller went away", for one request. Cheaper than an AbortController (~15 µs a
 * request once undici listens to it) and than an EventEmitter: it is its own abort
 * source, with a plain listener list, and makes a real AbortSignal only for code that
 * needs one (timers, in-process models).
 */
export class Cancellation implements AbortSource {
  #aborted = false;
  #listeners: (() => void)[] = [];
  #controller: AbortController | undefined;

  get aborted(): boolean {
    return this.#aborted;
  }

  /** Marks the request cancelled and tells every listener, once. */
  cancel(): void {
    if (this.#aborted) return;
    this.#aborted = true;
    const listeners = this.#listeners;
    this.#listeners = [];
    for (const listener of listeners) listener();
    this.#controller?.abort();
  }

  /** Calls `listener` on cancellation (at most once); after it, on the next microtask. */
  on(_event: 'abort', listener: () => void): this {
    if (this.#aborted) queueMicrotask(listener);
    else this.#listeners.push(listener);
    return this;
  }

  /** Same as `on`: cancellation happens once, so every listener runs at most once. */
  once(event: 'abort', listener: () => void): this {
    return this.on(event, listener);
  }

  removeListener(_event: 'abort', listener: () => void): this {
    const index = this.#listeners.indexOf(listener);
    if (index >= 0) this.#listeners.splice(index, 1);
    return this;
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
