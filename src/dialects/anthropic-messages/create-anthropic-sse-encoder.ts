import type { ChatStreamEvent } from '../../core/chat-stream-event.js';
import type { GatewayError } from '../../core/errors.js';
import type { FinishReason } from '../../core/finish-reason.js';
import type { Usage } from '../../core/usage.js';
import type { SurfaceStreamEncoder, SurfaceStreamOptions } from '../surface.js';
import { AnthropicBlockSequencer, type AnthropicBlockEventWire } from './anthropic-block-sequencer.js';
import { encodeAnthropicError, type AnthropicErrorWire } from './encode-anthropic-error.js';
import { encodeAnthropicDeltaUsage, encodeAnthropicUsage } from './encode-anthropic-usage.js';
import { toAnthropicMessageId } from './to-anthropic-message-id.js';
import { toAnthropicStopReason } from './to-anthropic-stop-reason.js';

type StreamEventWire = AnthropicBlockEventWire | AnthropicErrorWire | { readonly type: string; [key: string]: unknown };

/**
 * Canonical events -> the exact SSE text of Anthropic's streaming Messages API:
 * `message_start`, then content blocks (see anthropic-block-sequencer.ts), then
 * `message_delta` (stop reason and final usage) and `message_stop` when the response
 * ends. Anthropic always streams usage, so `includeUsage` changes nothing. Only choice 0
 * is written: Anthropic has no `n`. `end()` closes a stream that ended without
 * `response-end` and is otherwise empty (there is no `[DONE]`).
 */
export function createAnthropicSseEncoder(options: SurfaceStreamOptions): SurfaceStreamEncoder {
  return new AnthropicSseEncoder(options);
}

class AnthropicSseEncoder implements SurfaceStreamEncoder {
  readonly #options: SurfaceStreamOptions;
  readonly #sequencer = new AnthropicBlockSequencer((event) => this.#write(event));
  #text = '';
  #upstreamId = '';
  #started = false;
  #finished = false;
  #usage: Usage | undefined;
  #finishReason: FinishReason | undefined;

  constructor(options: SurfaceStreamOptions) {
    this.#options = options;
  }

  encode(event: ChatStreamEvent): string {
    if (this.#finished) return '';
    switch (event.type) {
      case 'response-start':
        this.#upstreamId = event.id;
        this.#start();
        break;
      case 'usage':
        // Usage events are snapshots; a count missing from a later one keeps its value.
        this.#usage = { ...this.#usage, ...definedCounts(event.usage) };
        break;
      case 'response-end':
        this.#finish();
        break;
      case 'error':
        return this.error(event.error);
      default:
        if (event.index === 0) this.#encodeChoiceEvent(event);
    }
    return this.#drain();
  }

  end(): string {
    if (!this.#finished) this.#finish();
    return this.#drain();
  }

  error(error: GatewayError): string {
    if (this.#finished) return this.#drain();
    this.#finished = true;
    this.#write(encodeAnthropicError(error));
    return this.#drain();
  }

  #encodeChoiceEvent(event: Extract<ChatStreamEvent, { index: number }>): void {
    this.#start();
    switch (event.type) {
      case 'text-delta':
        this.#sequencer.text(event.delta);
        return;
      case 'reasoning-delta':
        this.#sequencer.reasoning(event.delta, event.signature);
        return;
      case 'tool-call-start':
        this.#sequencer.toolStart(event.toolIndex, event.toolCallId, event.toolName);
        return;
      case 'tool-call-delta':
        this.#sequencer.toolDelta(event.toolIndex, event.argumentsDelta);
        return;
      case 'tool-call-end':
        this.#sequencer.toolEnd(event.toolIndex);
        return;
      case 'choice-end':
        this.#finishReason ??= event.finishReason;
        this.#sequencer.finishAll();
    }
  }

  #start(): void {
    if (this.#started) return;
    this.#started = true;
    this.#write({
      type: 'message_start',
      message: {
        id: toAnthropicMessageId(this.#options.responseId ?? this.#upstreamId),
        type: 'message',
        role: 'assistant',
        model: this.#options.model,
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: encodeAnthropicUsage(this.#usage),
      },
    });
  }

  #finish(): void {
    this.#start();
    this.#sequencer.finishAll();
    const stopReason = toAnthropicStopReason(this.#finishReason ?? { unified: 'other' }, this.#sequencer.hasToolCalls);
    this.#write({ type: 'message_delta', delta: { stop_reason: stopReason, stop_sequence: null }, usage: encodeAnthropicDeltaUsage(this.#usage) });
    this.#write({ type: 'message_stop' });
    this.#finished = true;
  }

  #write(event: StreamEventWire): void {
    this.#text += `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;
  }

  #drain(): string {
    const text = this.#text;
    this.#text = '';
    return text;
  }
}

function definedCounts(usage: Usage): Usage {
  const counts: Usage = {};
  for (const [key, value] of Object.entries(usage) as [keyof Usage, number | undefined][]) {
    if (value !== undefined) counts[key] = value;
  }
  return counts;
}
