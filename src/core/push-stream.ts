/** Where a pushed stream delivers its items. */
export interface StreamSink<T> {
  /** Takes one item, synchronously. False asks the stream to pause until `resume()`. */
  write(item: T): boolean;
}

/**
 * An async iterator that can also deliver the rest of its items by push. Pulling costs
 * each item a promise and an iterator result, alive for as long as a slow stream takes to
 * send its next chunk (long enough to be promoted and linger as old garbage); pushing
 * hands each item over as it arrives, like `pipe()`. A reader may pull the first items
 * (to hold them before committing) and push the rest.
 */
export interface PushStream<T> extends AsyncIterableIterator<T> {
  /** Delivers every remaining item to `sink`; resolves when the stream ends, rejects when it fails. */
  pushTo(sink: StreamSink<T>): Promise<void>;
  /** Ends a pause the sink asked for. */
  resume(): void;
}

/** Whether `stream` can push (a wrapper can only when what it wraps can). */
export function isPushStream<T>(stream: AsyncIterable<T> | AsyncIterator<T>): stream is PushStream<T> {
  return typeof (stream as Partial<PushStream<T>>).pushTo === 'function';
}
