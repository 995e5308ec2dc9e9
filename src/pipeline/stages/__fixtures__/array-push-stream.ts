import type { PushStream, StreamSink } from '../../../core/push-stream.js';

/**
 * A push stream over fixed items, for tests of the stream wrappers: pulled one by one,
 * or pushed (then the items after `failAfter` are replaced by a failure). Records pauses
 * the sink asks for and resumes it gets.
 */
export class ArrayPushStream<T> implements PushStream<T> {
  readonly #items: T[];
  readonly #failure: Error | undefined;
  returned = false;
  resumes = 0;

  constructor(items: T[], failure?: Error) {
    this.#items = [...items];
    this.#failure = failure;
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  next(): Promise<IteratorResult<T>> {
    const item = this.#items.shift();
    return Promise.resolve(item === undefined ? { done: true, value: undefined } : { done: false, value: item });
  }

  return(): Promise<IteratorResult<T>> {
    this.returned = true;
    return Promise.resolve({ done: true, value: undefined });
  }

  async pushTo(sink: StreamSink<T>): Promise<void> {
    for (const item of this.#items.splice(0)) sink.write(item);
    if (this.#failure) throw this.#failure;
  }

  resume(): void {
    this.resumes += 1;
  }
}
