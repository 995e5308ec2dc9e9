import { isPushStream } from '../../core/push-stream.js';
import type { StreamSink } from '../../core/push-stream.js';

/**
 * The items already read from a stream, then the rest of it. A plain iterator rather
 * than an async generator, so the rest passes through without a promise of its own.
 * When the rest can be pushed, so can this (`pushTo` and `resume` are set then).
 */
export class ReplayHeld<T> implements AsyncIterableIterator<T> {
  readonly #held: T[];
  readonly #rest: AsyncIterator<T>;
  readonly pushTo?: (sink: StreamSink<T>) => Promise<void>;
  readonly resume?: () => void;

  constructor(held: T[], rest: AsyncIterator<T>) {
    this.#held = held;
    this.#rest = rest;
    if (isPushStream(rest)) {
      this.pushTo = (sink) => {
        // A full sink after the held items pauses the rest as soon as it flows.
        for (const item of this.#held.splice(0)) sink.write(item);
        return rest.pushTo(sink);
      };
      this.resume = () => rest.resume();
    }
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
