import type { PushStream, StreamSink } from '../core/push-stream.js';
import type { StreamFraming, UpstreamFrame } from '../core/upstream-frame.js';
import { AwsEventStreamParser } from './aws-event-stream-parser.js';
import { SseFrameParser } from './sse-frame-parser.js';

/** What a body listener is told once it listens, instead of the chunks being buffered. */
export interface BodyListener {
  onChunk(chunk: Buffer): void;
  onEnd(): void;
  onError(error: unknown): void;
}

/** A response body as the frame stream reads it (DispatchedResponse). */
export interface BodySource {
  readonly ended: boolean;
  /** The exchange's error; undefined while there is none. */
  readonly failure: unknown;
  /** The chunks that arrived since the last call. */
  take(): Buffer[];
  /** Resolves when a chunk arrives, the body ends or it fails. */
  arrival(): Promise<void>;
  /** From now on each chunk, the end and a failure go to `listener` as they happen. */
  listen(listener: BodyListener): void;
  pause(): void;
  resume(): void;
  /** Drops the exchange unless it is over. */
  stop(): void;
}

/** A push in progress: where frames go, how it settles, the chunks of the current socket read. */
class PushState {
  readonly pending: Buffer[] = [];
  constructor(
    readonly sink: StreamSink<UpstreamFrame[]>,
    readonly resolve: () => void,
    readonly reject: (error: unknown) => void,
  ) {}
}

/**
 * A response body framed (SSE or AWS event stream): each item is the frames completed
 * by the chunks that arrived. Pulled with next(), or pushed with pushTo(): then each
 * arriving chunk is parsed and handed on in undici's data callback, with no promise in
 * between, and a sink that is full pauses the socket until resume().
 */
export class FrameStream implements PushStream<UpstreamFrame[]>, BodyListener {
  readonly #body: BodySource;
  readonly #parser: SseFrameParser | AwsEventStreamParser;
  #flushed = false;
  #stopped = false;
  #push: PushState | undefined;

  constructor(body: BodySource, framing: StreamFraming) {
    this.#body = body;
    this.#parser = framing === 'aws-event-stream' ? new AwsEventStreamParser() : new SseFrameParser();
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  async next(): Promise<IteratorResult<UpstreamFrame[]>> {
    for (;;) {
      if (this.#stopped) return { done: true, value: undefined };
      const batch = this.#parse(this.#body.take());
      if (batch !== undefined) return { done: false, value: batch };
      if (this.#body.failure !== undefined) throw this.#body.failure;
      if (this.#body.ended) {
        const rest = this.#flush();
        return rest.length > 0 ? { done: false, value: rest } : { done: true, value: undefined };
      }
      await this.#body.arrival();
    }
  }

  /** A reader that stops early drops the exchange. */
  return(): Promise<IteratorResult<UpstreamFrame[]>> {
    this.#stopped = true;
    this.#body.stop();
    return Promise.resolve({ done: true, value: undefined });
  }

  pushTo(sink: StreamSink<UpstreamFrame[]>): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (this.#stopped) return resolve();
      this.#push = new PushState(sink, resolve, reject);
      if (!this.#deliver(this.#parse(this.#body.take()))) return;
      if (this.#body.failure !== undefined) return this.onError(this.#body.failure);
      if (this.#body.ended) return this.onEnd();
      this.#body.listen(this);
    });
  }

  // BodyListener, once pushing. Methods and one state object rather than closures and
  // object literals per stream: V8 pretenures a literal's allocation site when most of
  // its objects outlive a scavenge, and long streams make that so.

  /**
   * The chunks of one socket read are parsed and handed on together, a microtask later:
   * a burst becomes one write to the caller rather than one per chunk. The array is
   * emptied in place: nothing of a chunk outlives its microtask.
   */
  onChunk(chunk: Buffer): void {
    if (this.#push!.pending.push(chunk) === 1) queueMicrotask(this.#deliverPending);
  }

  onEnd(): void {
    const push = this.#push!;
    if (this.#stopped) push.resolve();
    else if (this.#deliverPending() && this.#deliver(this.#flush())) push.resolve();
  }

  onError(error: unknown): void {
    const push = this.#push!;
    // A reader that stopped the stream (return()) hears of its end, not of the abort.
    if (this.#stopped) push.resolve();
    else if (this.#deliverPending()) push.reject(error);
  }

  readonly #deliverPending = (): boolean => {
    const pending = this.#push!.pending;
    const frames = this.#stopped ? undefined : this.#parse(pending);
    pending.length = 0;
    return this.#stopped || this.#deliver(frames);
  };

  /** Hands frames to the sink; a sink that throws (a bug downstream) must not throw into undici's callback. */
  #deliver(frames: UpstreamFrame[] | undefined): boolean {
    const push = this.#push!;
    try {
      if (frames !== undefined && frames.length > 0 && !push.sink.write(frames)) this.#body.pause();
      return true;
    } catch (error) {
      this.#stopped = true;
      this.#body.stop();
      push.reject(error);
      return false;
    }
  }

  resume(): void {
    this.#body.resume();
  }

  /** The frames `chunks` complete; undefined when none. */
  #parse(chunks: Buffer[]): UpstreamFrame[] | undefined {
    let frames: UpstreamFrame[] | undefined;
    for (const chunk of chunks) {
      const completed = this.#parser.push(chunk);
      if (completed.length > 0) frames = frames === undefined ? completed : frames.concat(completed);
    }
    return frames;
  }

  #flush(): UpstreamFrame[] {
    if (this.#flushed) return [];
    this.#flushed = true;
    return this.#parser.end();
  }
}
