import { isPushStream } from '../../core/push-stream.js';
import type { PushStream, StreamSink } from '../../core/push-stream.js';

/** What a stage wants to know about a stream it does not read itself. */
export interface StreamWatcher<T> {
  /** Each item, as the reader takes it. */
  onItem?(item: T): void;
  /** Once: the stream completed (`undefined`), failed (the error) or its reader stopped (`undefined`). */
  onEnd(failure: unknown): void;
}

/**
 * A stream with watchers, read through one wrapper however many stages watch it. Stacking
 * an async generator per stage (observe, limits, the attempt's statistics) cost each
 * chunk a promise, a request object and a result per level, all alive for as long as the
 * chunk takes to arrive: ~1 KB of old-generation garbage per chunk of a slow stream. Here
 * a chunk costs one `then`, and nothing when the source can be pushed (`pushTo` and
 * `resume` are set then). Watchers are told in the order they were added, the innermost
 * stage first, as the nested generators' `finally` blocks ran.
 */
export class WatchedStream<T> implements AsyncIterableIterator<T> {
  readonly #source: AsyncIterator<T>;
  readonly #watchers: StreamWatcher<T>[] = [];
  #ended = false;
  #sink: StreamSink<T> | undefined;
  readonly pushTo?: (sink: StreamSink<T>) => Promise<void>;
  readonly resume?: () => void;

  private constructor(source: AsyncIterable<T>) {
    this.#source = source[Symbol.asyncIterator]();
    if (isPushStream(source)) {
      this.pushTo = (sink) => this.#push(source, sink);
      this.resume = () => source.resume();
    }
  }

  /** `source` with `watcher` added: the same object when it is already watched. */
  static watch<T>(source: AsyncIterable<T>, watcher: StreamWatcher<T>): AsyncIterable<T> {
    const watched = source instanceof WatchedStream ? (source as WatchedStream<T>) : new WatchedStream(source);
    if (watched.#ended) watcher.onEnd(undefined);
    else watched.#watchers.push(watcher);
    return watched;
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  next(): Promise<IteratorResult<T>> {
    return this.#source.next().then(this.#onResult, this.#onFailure);
  }

  return(value?: unknown): Promise<IteratorResult<T>> {
    this.#end(undefined);
    return this.#source.return ? this.#source.return(value) : Promise.resolve({ done: true, value: undefined });
  }

  #push(source: PushStream<T>, sink: StreamSink<T>): Promise<void> {
    this.#sink = sink;
    return source.pushTo(this).then(() => this.#end(undefined), this.#onFailure);
  }

  /** While pushing: the sink of the source. */
  write(item: T): boolean {
    for (const watcher of this.#watchers) watcher.onItem?.(item);
    return this.#sink!.write(item);
  }

  readonly #onResult = (result: IteratorResult<T>): IteratorResult<T> => {
    if (result.done) this.#end(undefined);
    else for (const watcher of this.#watchers) watcher.onItem?.(result.value);
    return result;
  };

  readonly #onFailure = (error: unknown): never => {
    this.#end(error);
    throw error;
  };

  #end(failure: unknown): void {
    if (this.#ended) return;
    this.#ended = true;
    for (const watcher of this.#watchers) watcher.onEnd(failure);
  }
}
