/**
 * The items already read from a stream, then the rest of it. A plain iterator rather
 * than an async generator, so the rest passes through without a promise of its own.
 */
export class ReplayHeld<T> implements AsyncIterableIterator<T> {
  readonly #held: T[];
  readonly #rest: AsyncIterator<T>;

  constructor(held: T[], rest: AsyncIterator<T>) {
    this.#held = held;
    this.#rest = rest;
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  next(): Promise<IteratorResult<T>> {
    if (this.#held.length > 0) return Promise.resolve({ done: false, value: this.#held.shift()! });
    return this.#rest.next();
  }

  return(value?: unknown): Promise<IteratorResult<T>> {
    this.#held.length = 0;
    return this.#rest.return ? this.#rest.return(value) : Promise.resolve({ done: true, value: undefined });
  }
}
