import type { GatewayError } from '../../core/errors.js';
import type { PushStream, StreamSink } from '../../core/push-stream.js';
import type { UpstreamFrame } from '../../core/upstream-frame.js';
import type { PassthroughCodec, StreamTap } from '../../dialects/passthrough.js';
import type { GatewayContext } from '../gateway-context.js';

/** Where the tap reports what it read: usage and in-band errors land on the request's outcome. */
export interface TapReport {
  context: GatewayContext;
  /** The first in-band error event, classified; thrown when it is the first thing the upstream says. */
  inBand: { error?: GatewayError };
}

// A host's framing may differ from the caller's API (Bedrock wraps each Anthropic event in
// an AWS event-stream message): the codec's `reframe` gives the caller's frame, and the tap
// reads that one, so usage and errors are read in the caller's API whatever the host.
function tapBatch(batch: UpstreamFrame[], tap: StreamTap | undefined, codec: PassthroughCodec, report: TapReport): string {
  let forwarded = '';
  for (const arrived of batch) {
    const frame = codec.reframe ? codec.reframe(arrived) : arrived;
    if (frame === undefined) continue;
    const verdict = tap?.push(frame);
    if (verdict?.usage) report.context.outcome.usage = verdict.usage;
    if (verdict?.errorMessage) {
      report.context.outcome.streamError = verdict.errorMessage;
      report.inBand.error ??= verdict.error;
    }
    if (verdict === undefined || verdict.forward) forwarded += frame.raw;
  }
  return forwarded;
}

/**
 * A passed-through stream as the caller gets it: the upstream's frames as they came,
 * minus what the tap drops (a usage-only chunk the caller did not ask for), read for
 * usage and in-band errors on the way. Pulled or pushed like the frames beneath it.
 */
export class TappedStream implements PushStream<string> {
  readonly #frames: PushStream<UpstreamFrame[]>;
  readonly #codec: PassthroughCodec;
  readonly #tap: StreamTap | undefined;
  readonly #report: TapReport;
  #sink: StreamSink<string> | undefined;

  constructor(frames: PushStream<UpstreamFrame[]>, codec: PassthroughCodec, report: TapReport) {
    this.#frames = frames;
    this.#codec = codec;
    this.#report = report;
    this.#tap = codec.createStreamTap?.({ dropUsageOnlyFrames: !report.context.clientWantsStreamUsage });
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  async next(): Promise<IteratorResult<string>> {
    for (;;) {
      const batch = await this.#frames.next();
      if (batch.done) return { done: true, value: undefined };
      const forwarded = tapBatch(batch.value, this.#tap, this.#codec, this.#report);
      if (forwarded !== '') return { done: false, value: forwarded };
    }
  }

  return(): Promise<IteratorResult<string>> {
    return this.#frames.return!().then(() => ({ done: true, value: undefined }));
  }

  pushTo(sink: StreamSink<string>): Promise<void> {
    this.#sink = sink;
    return this.#frames.pushTo(this);
  }

  /** While pushing: the sink of the frames beneath. */
  write(batch: UpstreamFrame[]): boolean {
    const forwarded = tapBatch(batch, this.#tap, this.#codec, this.#report);
    return forwarded === '' || this.#sink!.write(forwarded);
  }

  resume(): void {
    this.#frames.resume();
  }
}
